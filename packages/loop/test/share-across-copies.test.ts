import { afterEach, describe, expect, it, vi } from "vitest";
import { shareAcrossCopies } from "../src/index.js";

describe("shareAcrossCopies", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("hands every copy of one protocol the object the first one created", () => {
    const first = shareAcrossCopies("test.shared", 1, "file:///a/dist/x.js", () => ({ hits: 0 }));
    const second = shareAcrossCopies("test.shared", 1, "file:///b/dist/x.js", () => ({ hits: 100 }));
    expect(second).toBe(first);
    expect(second.hits).toBe(0);
  });

  it("keeps another protocol apart and warns once, naming both versions and the fix", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const v1 = shareAcrossCopies("test.split", 1, "file:///a/dist/x.js", () => ({ v: 1 }));
    const v2 = shareAcrossCopies("test.split", 2, new URL("../src/x.js", import.meta.url).href, () => ({ v: 2 }));
    shareAcrossCopies("test.split", 2, "file:///c/dist/x.js", () => ({ v: 3 }));
    expect(v2).not.toBe(v1);
    expect(v2.v).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, options] = warn.mock.calls[0] as [string, { code: string }];
    expect(message).toMatch(/^Copies of test\.split that cannot share state are loaded: \d+\.\d+\.\d+ \(protocol 2\) beside of unknown version \(protocol 1\)/);
    expect(message).toMatch(/npm dedupe/);
    expect(options.code).toBe("TSIO_INCOMPATIBLE_COPIES");
  });

  it("rejects bad arguments at the call", () => {
    expect(() => shareAcrossCopies("", 1, "file:///x.js", () => ({}))).toThrow(TypeError);
    expect(() => shareAcrossCopies("x", -1, "file:///x.js", () => ({}))).toThrow(/protocol must be a whole number/);
    expect(() => shareAcrossCopies("x", 1, 5 as never, () => ({}))).toThrow(/moduleUrl must be a string/);
  });
});
