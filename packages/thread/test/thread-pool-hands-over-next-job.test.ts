import { CancelledError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ThreadPool, ThreadPoolFullError, toThread } from "../src/index.js";

type Piscina = { run(task: unknown, options: unknown): Promise<unknown> };

let pool: ThreadPool;
/** How many jobs the pool has handed to piscina so far. */
let handedOver: number;

function watch(target: ThreadPool): void {
  handedOver = 0;
  // White box: when a job reaches piscina is what this file pins.
  const inner = (target as unknown as { piscina: Piscina }).piscina;
  const original = inner.run.bind(inner);
  inner.run = (task, options) => {
    handedOver++;
    return original(task, options);
  };
}

beforeEach(() => {
  pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
  watch(pool);
});
afterEach(() => pool.destroy());

/** Counts its start in `starts`, blocks its thread for `ms`, returns `id`. */
function tracked(starts: Int32Array, id: number, ms: number): number {
  Atomics.add(starts, 0, 1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return id;
}

describe("with every thread busy, the pool hands piscina just the next job", () => {
  it("the next job waits inside piscina, later ones in the pool's queue; all count as queued and run in order", async () => {
    const starts = new Int32Array(new SharedArrayBuffer(4));
    const outcome = await run(async () => {
      await toThread({ executor: pool }, () => "the thread is up");
      const before = handedOver;
      const finished: number[] = [];
      const jobs = [0, 1, 2, 3].map((i) =>
        Promise.resolve(toThread({ executor: pool }, tracked, starts, i, i === 0 ? 60 : 5)).then((v) => {
          finished.push(v);
        }),
      );
      const handedAtOnce = handedOver - before;
      const queued = pool.queueSize;
      await Promise.all(jobs);
      return { handedAtOnce, queued, finished, queuedAfter: pool.queueSize };
    });
    expect(outcome.handedAtOnce).toBe(2);
    expect(outcome.queued).toBe(3);
    expect(outcome.finished).toEqual([0, 1, 2, 3]);
    expect(outcome.queuedAfter).toBe(0);
    expect(Atomics.load(starts, 0)).toBe(4);
  });

  it("cancelling the job that waits inside piscina drops it: it never starts and the next one takes its place", async () => {
    const starts = new Int32Array(new SharedArrayBuffer(4));
    const outcome = await run(async () => {
      await toThread({ executor: pool }, () => "the thread is up");
      const running = toThread({ executor: pool }, tracked, starts, 0, 80);
      const next = createTask(async () => toThread({ executor: pool }, tracked, starts, 1, 1));
      await sleep(0); // the task submits its job
      const after = toThread({ executor: pool }, tracked, starts, 2, 1);
      await sleep(20);
      const queuedBefore = pool.queueSize;
      next.cancel();
      const err = await Promise.resolve(next).catch((e: unknown) => e);
      return { queuedBefore, queuedAfter: pool.queueSize, err, results: [await running, await after] };
    });
    expect(outcome.queuedBefore).toBe(2);
    expect(outcome.queuedAfter).toBe(1);
    expect(outcome.err).toBeInstanceOf(CancelledError);
    expect(outcome.results).toEqual([0, 2]);
    expect(Atomics.load(starts, 0)).toBe(2);
  });

  it("the job waiting inside piscina counts against maxQueue; with maxQueue 0 nothing waits there", async () => {
    const one = new ThreadPool({ minThreads: 1, maxThreads: 1, maxQueue: 1 });
    const none = new ThreadPool({ minThreads: 1, maxThreads: 1, maxQueue: 0 });
    try {
      const outcome = await run(async () => {
        const starts = new Int32Array(new SharedArrayBuffer(4));
        await Promise.all([toThread({ executor: one }, () => 0), toThread({ executor: none }, () => 0)]);
        const a = toThread({ executor: one }, tracked, starts, 1, 40);
        const b = toThread({ executor: one }, tracked, starts, 2, 1);
        const refused = await Promise.resolve(toThread({ executor: one }, tracked, starts, 3, 1)).catch((e: unknown) => e);
        const c = toThread({ executor: none }, tracked, starts, 4, 40);
        const refusedToo = await Promise.resolve(toThread({ executor: none }, tracked, starts, 5, 1)).catch((e: unknown) => e);
        return { refused, refusedToo, results: [await a, await b, await c] };
      });
      expect(outcome.refused).toBeInstanceOf(ThreadPoolFullError);
      expect(outcome.refusedToo).toBeInstanceOf(ThreadPoolFullError);
      expect(outcome.results).toEqual([1, 2, 4]);
    } finally {
      await Promise.all([one.close(), none.close()]);
    }
  });
});
