import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual, VirtualClock } from "../src/index.js";

const realSetTimeout = globalThis.setTimeout;

/** A foreign (non-tsio) promise that settles after `ms` of real time with the loop time at that moment. */
function slowForeign(ms: number): Promise<number> {
  const loop = getRunningLoop();
  return new Promise((resolve) => realSetTimeout(() => resolve(loop.time()), ms));
}

describe("autojumpThreshold", () => {
  it("without a threshold, time jumps while a foreign promise is pending", async () => {
    const clock = new VirtualClock();
    const timeAtSettle = await runVirtual(
      async () => {
        const loop = getRunningLoop();
        const sleeper = createTask(() => sleep(1000));
        // A foreign promise that settles on the first jump (or fails the test after a real second).
        const foreign = new Promise<number>((resolve, reject) => {
          const guard = realSetTimeout(() => reject(new Error("time never jumped")), 1000);
          const off = clock.onTimeChange(() => {
            off();
            clearTimeout(guard);
            resolve(loop.time());
          });
        });
        const t = await foreign;
        await sleeper;
        return t;
      },
      { clock },
    );
    expect(timeAtSettle).toBe(1000);
  });

  it("with a threshold, waits that much real idle time, so a slow foreign promise settles first", async () => {
    let realStart = 0;
    let realWhenSleeperWoke = 0;
    const result = await runVirtual(
      async () => {
        const loop = getRunningLoop();
        realStart = performance.now();
        const sleeper = createTask(async () => {
          await sleep(1000);
          realWhenSleeperWoke = performance.now();
        });
        const t = await slowForeign(20);
        await sleeper;
        return { atSettle: t, atEnd: loop.time() };
      },
      { autojumpThreshold: 80 },
    );
    expect(result).toEqual({ atSettle: 0, atEnd: 1000 });
    // The loop went idle at once; the jump waited the full threshold of real time.
    expect(realWhenSleeperWoke - realStart).toBeGreaterThanOrEqual(75);
  });
});
