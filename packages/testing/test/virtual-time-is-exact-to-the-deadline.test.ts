import { getRunningLoop } from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual, VirtualClock } from "../src/index.js";

describe("virtual time has no clock resolution", () => {
  it("a VirtualClock's resolution is 0, so its loop treats nothing early as due", async () => {
    expect(new VirtualClock().resolution).toBe(0);
    const resolution = await runVirtual(async () => getRunningLoop().clockResolution);
    expect(resolution).toBe(0);
  });

  it("timers a fraction of a millisecond apart each run at their own deadline", async () => {
    const seen = await runVirtual(async () => {
      const loop = getRunningLoop();
      const at: [number, number][] = [];
      const wake = (ms: number) =>
        createTask(async () => {
          await sleep(ms);
          at.push([ms, loop.time()]);
        });
      await gather([wake(10.5), wake(10), wake(10.25), wake(11)]);
      return at;
    });
    expect(seen).toEqual([
      [10, 10],
      [10.25, 10.25],
      [10.5, 10.5],
      [11, 11],
    ]);
  });
});
