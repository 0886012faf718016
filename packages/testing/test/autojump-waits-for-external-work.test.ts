import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual } from "../src/index.js";

const realSetTimeout = globalThis.setTimeout;

describe("autojump and external work", () => {
  it("does not jump while external work is in flight, and jumps right after it ends", async () => {
    let timeWhenWorkEnded = -1;
    let realWhenWorkEnded = 0;
    let realWhenSleeperWoke = 0;
    const realStart = performance.now();
    const finalTime = await runVirtual(async () => {
      const loop = getRunningLoop();
      const sleeper = createTask(() => sleep(1000));
      // Like a worker-thread job: in flight outside the loop, finishing in real time.
      const work = loop.beginExternalWork();
      realSetTimeout(() => {
        timeWhenWorkEnded = loop.time();
        realWhenWorkEnded = performance.now();
        work.end();
      }, 30);
      await sleeper;
      realWhenSleeperWoke = performance.now();
      return loop.time();
    });
    expect(timeWhenWorkEnded).toBe(0);
    expect(finalTime).toBe(1000);
    expect(realWhenWorkEnded - realStart).toBeGreaterThanOrEqual(25);
    expect(realWhenSleeperWoke - realWhenWorkEnded).toBeLessThan(40);
  });

  it("treats a tracked foreign promise as external work until it settles", async () => {
    const seen: number[] = [];
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const sleeper = createTask(async () => {
        await sleep(500);
        seen.push(loop.time());
      });
      const foreign = new Promise<number>((resolve) => realSetTimeout(() => resolve(loop.time()), 20));
      const timeAtSettle = await loop.trackExternal(foreign);
      seen.push(timeAtSettle);
      await sleeper;
    });
    expect(seen).toEqual([0, 500]);
  });
});
