import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shareAcrossCopies } from "../src/index.js";
import { describeCopy } from "../src/shared-state.js";

const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version as string;
/** The registry outlives a rerun in the same worker: every run uses fresh names. */
const fresh = (name: string) => `${name}.${Math.random()}`;

describe("shareAcrossCopies", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("hands every copy of one protocol the object the first one created", () => {
    const name = fresh("test.shared");
    const first = shareAcrossCopies(name, 1, "file:///a/dist/x.js", () => ({ hits: 0 }));
    const second = shareAcrossCopies(name, 1, "file:///b/dist/x.js", () => ({ hits: 100 }));
    expect(second).toBe(first);
    expect(second.hits).toBe(0);
  });

  it("keeps another protocol apart and warns once, naming both copies and the fix", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const name = fresh("test.split");
    const v1 = shareAcrossCopies(name, 1, "file:///a/dist/x.js", () => ({ v: 1 }));
    const v2 = shareAcrossCopies(name, 2, "file:///b/dist/x.js", () => ({ v: 2 }));
    shareAcrossCopies(name, 2, "file:///c/dist/x.js", () => ({ v: 3 }));
    expect(v2).not.toBe(v1);
    expect(v2.v).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, options] = warn.mock.calls[0] as [string, { code: string }];
    expect(message).toContain(
      `Copies of ${name} that cannot share state are loaded: ${name} (unknown version, protocol 2) beside ${name} (unknown version, protocol 1).`,
    );
    expect(message).toMatch(/npm dedupe/);
    expect(options.code).toBe("TSIO_INCOMPATIBLE_COPIES");
  });

  it("names a copy by the version in its package's package.json, and only its own package's", () => {
    const here = new URL("../src/x.js", import.meta.url).href;
    expect(describeCopy("@tsio/loop", here, 1)).toBe(`@tsio/loop ${version} (protocol 1)`);
    expect(describeCopy("@tsio/tasks", here, 1)).toBe("@tsio/tasks (unknown version, protocol 1)");
    expect(describeCopy("@tsio/loop", "data:text/javascript,1", 3)).toBe("@tsio/loop (unknown version, protocol 3)");
  });

  it("rejects bad arguments at the call", () => {
    expect(() => shareAcrossCopies("", 1, "file:///x.js", () => ({}))).toThrow(TypeError);
    expect(() => shareAcrossCopies("x", -1, "file:///x.js", () => ({}))).toThrow(/protocol must be a whole number/);
    expect(() => shareAcrossCopies("x", 1, 5 as never, () => ({}))).toThrow(/moduleUrl must be a string/);
  });
});
