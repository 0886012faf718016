import { InvalidStateError } from "@tsio/loop";
import { run, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { ThreadError, ThreadPool, toThread } from "../src/index.js";

function block(ms: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

describe("ThreadPool lifecycle", () => {
  it("close() refuses new jobs, lets running and queued ones finish, then stops every thread", async () => {
    const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
    const outcome = await run(async () => {
      const running = toThread({ executor: pool }, block, 60);
      const queued = toThread({ executor: pool }, block, 10);
      const closing = pool.close();
      expect(pool.close()).toBe(closing);
      const refused = await Promise.resolve(toThread({ executor: pool }, block, 1)).catch((e: unknown) => e);
      const results = [await running, await queued];
      await closing;
      return { refused, results };
    });
    expect(outcome.refused).toBeInstanceOf(InvalidStateError);
    expect((outcome.refused as Error).message).toMatch(/ThreadPool is closed/);
    expect(outcome.results).toEqual([60, 10]);
    expect(pool.closed).toBe(true);
    expect(pool.threadCount).toBe(0);
  });

  it("destroy() stops at once: running and queued jobs fail with ThreadError", async () => {
    const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
    const outcome = await run(async () => {
      const running = toThread({ executor: pool }, block, 10_000);
      const queued = toThread({ executor: pool }, block, 10);
      await sleep(40); // let the first job reach its thread
      const started = performance.now();
      await pool.destroy();
      const errors = await Promise.all([running, queued].map((f) => Promise.resolve(f).catch((e: unknown) => e)));
      return { errors, took: performance.now() - started };
    });
    for (const err of outcome.errors) {
      expect(err).toBeInstanceOf(ThreadError);
      expect((err as Error).message).toMatch(/its thread pool was destroyed/);
    }
    expect(outcome.took).toBeLessThan(1000);
    expect(pool.threadCount).toBe(0);
  });

  it("validates its options", () => {
    expect(() => new ThreadPool({ maxThreads: 0 })).toThrow(RangeError);
    expect(() => new ThreadPool({ minThreads: -1 })).toThrow(RangeError);
    expect(() => new ThreadPool({ minThreads: 1.5 })).toThrow(TypeError);
    expect(() => new ThreadPool({ minThreads: 3, maxThreads: 2 })).toThrow(/must not exceed maxThreads/);
    expect(() => new ThreadPool({ idleTimeout: -5 })).toThrow(RangeError);
    expect(() => new ThreadPool({ maxQueue: Number.NaN })).toThrow(TypeError);
    expect(() => new ThreadPool(null as unknown as object)).toThrow(TypeError);
  });

  it("reports its limits and state", async () => {
    const pool = new ThreadPool({ minThreads: 0, maxThreads: 3 });
    expect(pool.limits).toEqual({ minThreads: 0, maxThreads: 3 });
    expect(pool.threadCount).toBe(0);
    expect(String(pool)).toBe("<ThreadPool open threads=0 pending=0>");
    await pool.close();
    expect(String(pool)).toBe("<ThreadPool closed threads=0 pending=0>");
  });
});
