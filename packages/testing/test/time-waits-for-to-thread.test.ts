import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { toThread } from "@tsio/thread";
import { describe, expect, it } from "vitest";
import { runVirtual } from "../src/index.js";

describe("a toThread job in flight", () => {
  it("holds virtual time still until it ends, and time jumps right after", async () => {
    const seen = await runVirtual(async () => {
      const loop = getRunningLoop();
      let sleeperWokeReal = 0;
      const sleeper = createTask(async () => {
        await sleep(1000);
        sleeperWokeReal = performance.now();
      });
      const blocked = await toThread((ms: number) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // a blocking call
        return ms;
      }, 40);
      const jobEndedReal = performance.now();
      const timeAtJobEnd = loop.time();
      await sleeper;
      return { blocked, timeAtJobEnd, timeAtEnd: loop.time(), gapMs: sleeperWokeReal - jobEndedReal };
    });
    expect(seen.blocked).toBe(40);
    expect(seen.timeAtJobEnd).toBe(0);
    expect(seen.timeAtEnd).toBe(1000);
    expect(seen.gapMs).toBeLessThan(40);
  }, 15_000);
});
