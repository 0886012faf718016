import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, ThreadPoolFullError, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1, maxQueue: 1 });
afterAll(() => pool.close());

function block(ms: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

describe("a ThreadPool with maxQueue", () => {
  it("runs one job, queues maxQueue more and rejects the next with ThreadPoolFullError", async () => {
    const outcome = await run(async () => {
      const running = toThread({ executor: pool }, block, 80);
      const queued = toThread({ executor: pool }, block, 1);
      const refused = await Promise.resolve(toThread({ executor: pool }, block, 1)).catch((e: unknown) => e);
      const results = [await running, await queued];
      // Room again once the queue drained.
      const again = await toThread({ executor: pool }, block, 1);
      return { refused, results, again };
    });
    expect(outcome.refused).toBeInstanceOf(ThreadPoolFullError);
    expect((outcome.refused as ThreadPoolFullError).maxQueue).toBe(1);
    expect((outcome.refused as Error).message).toMatch(/queue is full: 1 job\(s\) are already waiting .*larger maxQueue/);
    expect(outcome.results).toEqual([80, 1]);
    expect(outcome.again).toBe(1);
  });

  it("with maxQueue 0 accepts a job while a thread is free and refuses one that would wait", async () => {
    const strict = new ThreadPool({ minThreads: 1, maxThreads: 1, maxQueue: 0 });
    try {
      const outcome = await run(async () => {
        await toThread({ executor: strict }, () => "warm");
        const running = toThread({ executor: strict }, block, 40);
        const refused = await Promise.resolve(toThread({ executor: strict }, block, 1)).catch((e: unknown) => e);
        return { first: await running, refused };
      });
      expect(outcome.first).toBe(40);
      expect(outcome.refused).toBeInstanceOf(ThreadPoolFullError);
    } finally {
      await strict.close();
    }
  });
});
