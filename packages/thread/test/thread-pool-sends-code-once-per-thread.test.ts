import { run } from "@tsio/tasks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Executor,
  runInExecutor,
  type ThreadJob,
  ThreadPool,
  threadModule,
  toThread,
  transfer,
  WorkerCrashError,
} from "../src/index.js";

type Piscina = { run(task: unknown, options: unknown): Promise<unknown> };

let pool: ThreadPool;
/** Every message the pool posted to its threads, in order. */
let posted: unknown[][];

beforeEach(() => {
  pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
  posted = [];
  // White box: the messages themselves are what this file pins.
  const inner = (pool as unknown as { piscina: Piscina }).piscina;
  const original = inner.run.bind(inner);
  inner.run = (task, options) => {
    posted.push(task as unknown[]);
    return original(task, options);
  };
});
afterEach(() => pool.destroy());

const workUrl = new URL("./fixtures/work.js", import.meta.url);

function double(n: number): number {
  return n * 2;
}

/** Whether a posted message carries the code's text, or only its id and the arguments. */
const withCode = (message: unknown[]) => message.length > 2;

describe("a ThreadPool sends a function's code once per thread", () => {
  it("after teaching its thread, calls carry only the id and the arguments", async () => {
    const results = await run(async () => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push(await toThread({ executor: pool }, double, i));
      return out;
    });
    expect(results).toEqual([0, 2, 4, 6]);
    expect(posted.map(withCode)).toEqual([true, false, false, false]);
    expect(posted[0]).toContain(String(double));
    expect(new Set(posted.map((m) => m[0])).size).toBe(1);
    expect(posted[3]).toEqual([posted[0]![0], [3]]);
  });

  it("a replacement thread that never saw the function is taught when it asks", async () => {
    const outcome = await run(async () => {
      await toThread({ executor: pool }, double, 1);
      await toThread({ executor: pool }, double, 2);
      const crash = await Promise.resolve(toThread({ executor: pool }, () => process.exit(3))).catch((e: unknown) => e);
      const before = posted.length;
      const after = await toThread({ executor: pool }, double, 21);
      return { crash, after, retried: posted.slice(before) };
    });
    expect(outcome.crash).toBeInstanceOf(WorkerCrashError);
    expect(outcome.after).toBe(42);
    // By id first; the new thread does not know it, so the same job goes again with the code.
    expect(outcome.retried.map(withCode)).toEqual([false, true]);
    expect(outcome.retried[0]![1]).toEqual([21]);
    expect(outcome.retried[1]![1]).toEqual([21]);
  });

  it("module exports too: a replacement thread imports the module when it asks", async () => {
    const work = threadModule<typeof import("./fixtures/work.js")>(workUrl, { executor: pool });
    const outcome = await run(async () => {
      const first = await work.whoAmI();
      const again = await work.whoAmI();
      await Promise.resolve(work.exitNow(5)).catch(() => undefined);
      const before = posted.length;
      const replaced = await work.whoAmI();
      return { first, again, replaced, retried: posted.slice(before), fib: await work.fib(10) };
    });
    expect(outcome.again).toBe(outcome.first);
    expect(outcome.replaced).not.toBe(outcome.first);
    expect(outcome.retried.map(withCode)).toEqual([false, true]);
    expect(outcome.fib).toBe(55);
  });

  it("a job that moves buffers always carries its code, since a resend could not move them again", async () => {
    const outcome = await run(async () => {
      const sum = (bytes: Uint8Array) => bytes.reduce((a, b) => a + b, 0);
      await toThread({ executor: pool }, sum, new Uint8Array([1]));
      await toThread({ executor: pool }, sum, new Uint8Array([2]));
      const bytes = new Uint8Array([1, 2, 3]);
      const total = await toThread({ executor: pool }, sum, transfer(bytes));
      return { total, detached: bytes.byteLength === 0 };
    });
    expect(outcome).toEqual({ total: 6, detached: true });
    expect(posted.map(withCode)).toEqual([true, false, true]);
  });

  it("run() (the Executor contract) caches the same way for executors that wrap a pool", async () => {
    let calls = 0;
    const wrapping: Executor = {
      run(job, options) {
        calls++;
        return pool.run(job, options);
      },
    };
    const work = threadModule<typeof import("./fixtures/work.js")>(workUrl, { executor: wrapping });
    const results = await run(async () => [
      await runInExecutor(wrapping, double, 4),
      await runInExecutor(wrapping, double, 5),
      await work.fib(7),
      await work.fib(8),
    ]);
    expect(results).toEqual([8, 10, 13, 21]);
    expect(calls).toBe(4);
    expect(posted.map(withCode)).toEqual([true, false, true, false]);
    await expect(pool.run({ args: [1] } as unknown as ThreadJob, { transferList: [], signal: new AbortController().signal })).rejects.toThrow(
      TypeError,
    );
  });
});
