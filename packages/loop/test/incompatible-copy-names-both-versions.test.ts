import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, EventLoopError, getRunningLoop, tryGetRunningLoop } from "../src/index.js";

const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version as string;

/** The cross-protocol "which loop runs" slot every copy reads (see src/loop-state.ts). */
function activeSlot(): { loop: object | null; protocol: number; copy: string } {
  const registry = (globalThis as Record<symbol, Map<string, { value: object }[]>>)[Symbol.for("tsio.registry")]!;
  return registry.get("@tsio/loop:active")![0]!.value as { loop: object | null; protocol: number; copy: string };
}

/** Pretends a copy of @tsio/loop speaking protocol 999, installed at `copyDir`, started a loop. */
function foreignLoopRuns(copyDir: URL): void {
  Object.assign(activeSlot(), { loop: {}, protocol: 999, copy: new URL("dist/index.js", copyDir).href });
}

describe("a loop started by a copy of @tsio/loop of another protocol", () => {
  afterEach(() => {
    Object.assign(activeSlot(), { loop: null, protocol: 1, copy: "" });
  });

  it("makes getRunningLoop() throw an EventLoopError naming both versions and the fix", () => {
    // This test file's own package stands in for the other copy: its version is printed for it.
    foreignLoopRuns(new URL("../", import.meta.url));
    const err = (() => {
      try {
        getRunningLoop();
      } catch (caught) {
        return caught;
      }
    })();
    expect(err).toBeInstanceOf(EventLoopError);
    expect((err as Error).message).toContain(`A loop of @tsio/loop ${version} (protocol 999) is running`);
    expect((err as Error).message).toContain(`this code uses @tsio/loop ${version} (protocol 1)`);
    expect((err as Error).message).toMatch(/npm dedupe/);
    expect(tryGetRunningLoop()).toBeNull();
  });

  it("refuses to run a loop of this copy meanwhile, leaving it usable afterwards", async () => {
    foreignLoopRuns(new URL("file:///nowhere/"));
    const loop = new EventLoop();
    expect(() => loop.runForever()).toThrow(/A loop of @tsio\/loop \(unknown version, protocol 999\) is running/);
    Object.assign(activeSlot(), { loop: null });
    const done = loop.createFuture<number>();
    loop.callSoon(() => done.setResult(getRunningLoop() === loop ? 1 : 0));
    expect(await loop.runUntilComplete(done)).toBe(1);
    loop.close();
  });
});
