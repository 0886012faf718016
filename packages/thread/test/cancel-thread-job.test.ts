import { CancelledError, getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ThreadPool, threadModule, toThread } from "../src/index.js";

let pool: ThreadPool;
beforeEach(() => {
  pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
});
afterEach(() => pool.destroy());

const workUrl = new URL("./fixtures/work.js", import.meta.url);

/** Marks `counter` when it starts, then blocks its thread for `ms`. */
function markedBlock(counter: Int32Array, ms: number): number {
  Atomics.add(counter, 0, 1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

describe("cancelling the task awaiting a thread job", () => {
  it("drops a queued job: it never starts, and the running one finishes", async () => {
    const started = new Int32Array(new SharedArrayBuffer(4));
    const outcome = await run(async () => {
      const first = toThread({ executor: pool }, markedBlock, started, 120);
      const queued = createTask(async () => toThread({ executor: pool }, markedBlock, started, 120));
      await sleep(20);
      const queuedBefore = pool.queueSize;
      queued.cancel();
      const queuedOutcome = await Promise.resolve(queued).catch((e: unknown) => e);
      const queuedAfter = pool.queueSize;
      const firstResult = await first;
      await sleep(30);
      return { queuedBefore, queuedAfter, queuedOutcome, firstResult, starts: Atomics.load(started, 0) };
    });
    expect(outcome.queuedBefore).toBe(1);
    expect(outcome.queuedAfter).toBe(0);
    expect(outcome.queuedOutcome).toBeInstanceOf(CancelledError);
    expect(outcome.firstResult).toBe(120);
    expect(outcome.starts).toBe(1);
  });

  it("terminates the worker of a running job; the pool replaces it and the next job succeeds", async () => {
    const work = threadModule<typeof import("./fixtures/work.js")>(workUrl, { executor: pool });
    const outcome = await run(async () => {
      const firstThread = await work.whoAmI();
      const blocked = createTask(async () => work.block(10_000));
      await sleep(50);
      const cancelledAt = performance.now();
      blocked.cancel();
      const err = await Promise.resolve(blocked).catch((e: unknown) => e);
      const cancelDelay = performance.now() - cancelledAt;
      const nextThread = await work.whoAmI();
      const fib = await work.fib(15);
      return { firstThread, err, cancelDelay, nextThread, fib };
    });
    expect(outcome.err).toBeInstanceOf(CancelledError);
    expect(outcome.cancelDelay).toBeLessThan(200);
    expect(outcome.nextThread).not.toBe(outcome.firstThread);
    expect(outcome.fib).toBe(610);
    expect(pool.pending).toBe(0);
  });

  it("cancelling the future itself aborts the job too, and ends its external work", async () => {
    const started = new Int32Array(new SharedArrayBuffer(4));
    await run(async () => {
      const blocker = toThread({ executor: pool }, markedBlock, started, 80);
      const future = toThread({ executor: pool }, markedBlock, started, 80);
      const loop = getRunningLoop();
      expect(loop.externalWorkInFlight()).toBe(2);
      expect(future.cancel("not needed")).toBe(true);
      expect(future.cancelled()).toBe(true);
      expect(loop.externalWorkInFlight()).toBe(1);
      await blocker;
    });
    expect(Atomics.load(started, 0)).toBe(1);
  });

  it("aborting the per-call signal rejects with the signal's reason and frees the thread", async () => {
    const ctrl = new AbortController();
    const outcome = await run(async () => {
      const job = toThread({ executor: pool, signal: ctrl.signal }, markedBlock, new Int32Array(new SharedArrayBuffer(4)), 10_000);
      await sleep(50);
      ctrl.abort(new Error("user pressed stop"));
      const err = await Promise.resolve(job).catch((e: unknown) => e);
      return { err, after: await toThread({ executor: pool }, () => "next job ran") };
    });
    expect((outcome.err as Error).message).toBe("user pressed stop");
    expect(outcome.after).toBe("next job ran");
  });
});
