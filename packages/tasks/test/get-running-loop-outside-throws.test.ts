import { EventLoopError, getRunningLoop, tryGetRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { run } from "../src/index.js";

describe("getRunningLoop outside a running loop", () => {
  it("throws EventLoopError that says to start one with run()", () => {
    expect(() => getRunningLoop()).toThrow(EventLoopError);
    expect(() => getRunningLoop()).toThrow(/no running event loop.*run\(main\)/);
    expect(tryGetRunningLoop()).toBeNull();
  });

  it("throws again once run() has settled: the loop is no longer running", async () => {
    const inside = await run(async () => getRunningLoop());
    expect(inside.isClosed()).toBe(true);
    expect(() => getRunningLoop()).toThrow(EventLoopError);
  });
});
