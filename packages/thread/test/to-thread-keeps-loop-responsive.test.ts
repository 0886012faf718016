import { getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { toThread } from "../src/index.js";

// The seed's blocking_db_query: a call that blocks its thread for 200 ms.
function blockingDbQuery(ms: number): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return "query results";
}

describe("toThread keeps the loop responsive", () => {
  it("returns the blocking call's result while a ticker task keeps ticking", async () => {
    const outcome = await run(async () => {
      let ticks = 0;
      const ticker = createTask(async () => {
        for (;;) {
          await sleep(10);
          ticks++;
        }
      });
      const job = toThread(blockingDbQuery, 200);
      const ticksBefore = ticks;
      const started = performance.now();
      const result = await job;
      const elapsed = performance.now() - started;
      const ticksDuring = ticks - ticksBefore;
      ticker.cancel();
      return { result, ticksDuring, elapsed };
    });
    expect(outcome.result).toBe("query results");
    expect(outcome.elapsed).toBeGreaterThanOrEqual(195);
    // 200 ms of blocking at one tick per 10 ms: a loop blocked by the call would tick at most once.
    expect(outcome.ticksDuring).toBeGreaterThanOrEqual(5);
  });

  it("counts a job in flight as external work until it settles", async () => {
    const counts = await run(async () => {
      const loop = getRunningLoop();
      const before = loop.externalWorkInFlight();
      const job = toThread((x: number) => x * 2, 21);
      const during = loop.externalWorkInFlight();
      const value = await job;
      return { before, during, after: loop.externalWorkInFlight(), value };
    });
    expect(counts).toEqual({ before: 0, during: 1, after: 0, value: 42 });
  });

  it("runs jobs in parallel: two 150 ms blocking calls take well under 300 ms", async () => {
    const elapsed = await run(async () => {
      // Warm the pool so thread start-up is not measured.
      await Promise.all([toThread(() => 0), toThread(() => 0)]);
      const started = performance.now();
      const results = await Promise.all([toThread(blockingDbQuery, 150), toThread(blockingDbQuery, 150)]);
      expect(results).toEqual(["query results", "query results"]);
      return performance.now() - started;
    });
    expect(elapsed).toBeLessThan(290);
  });

  it("throws EventLoopError outside a running loop and TypeError for a non-function", async () => {
    expect(() => toThread(() => 1)).toThrow(/no running event loop/);
    await run(async () => {
      expect(() => toThread(42 as unknown as () => number)).toThrow(TypeError);
      expect(() => toThread(Math.max)).toThrow(/built-in or bound function/);
      expect(() => toThread(class Job {} as unknown as () => void)).toThrow(/is a class/);
    });
  });
});
