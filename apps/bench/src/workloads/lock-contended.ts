import { Lock } from "@tsio/sync";
import { createTask, gather, run, sleep, type Task } from "@tsio/tasks";
import { Effect, Semaphore } from "effect";
import { bareIterations } from "../bare-iterations.js";
import type { Impl, ImplTable } from "../impl.js";
import { inAsyncContext } from "../in-async-context.js";
import { PromiseMutex } from "../promise-mutex.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

const TASKS = 1_000;

/** Splits `n` acquisitions over the tasks (at least one each). */
function perTask(n: number): number {
  return Math.max(1, Math.round(n / TASKS));
}

/** The peer without tsio: what a user writes with plain Promises. */
const promise: Impl = async (n) => {
  const mutex = new PromiseMutex();
  const rounds = perTask(n);
  const worker = async (): Promise<void> => {
    for (let r = 0; r < rounds; r++) {
      await mutex.acquire();
      try {
        await yieldImmediate();
      } finally {
        mutex.release();
      }
    }
  };
  const watch = Stopwatch.start();
  const workers = new Array<Promise<void>>(TASKS);
  for (let t = 0; t < TASKS; t++) workers[t] = worker();
  await Promise.all(workers);
  return watch.stop(rounds * TASKS);
};

export const impls: ImplTable = {
  promise,
  "promise-als": (n) => inAsyncContext(() => promise(n)),
  // Each acquisition costs two loop iterations, in tsio as in asyncio: the hand-off wakes the next
  // waiter on the next iteration, and sleep(0) yields one more.
  "floor-als": (n) => inAsyncContext(() => bareIterations(2 * perTask(n) * TASKS, perTask(n) * TASKS)),
  tsio: (n) =>
    run(async () => {
      const lock = new Lock();
      const rounds = perTask(n);
      const worker = async (): Promise<void> => {
        for (let r = 0; r < rounds; r++) {
          await lock.acquire();
          try {
            await sleep(0);
          } finally {
            lock.release();
          }
        }
      };
      const watch = Stopwatch.start();
      const tasks = new Array<Task<void>>(TASKS);
      for (let t = 0; t < TASKS; t++) tasks[t] = createTask(worker);
      await gather(tasks);
      return watch.stop(rounds * TASKS);
    }),

  // The same shape as tsio's: Effect.sleep(0) is Effect.yieldNow in Effect 4 (one scheduler turn).
  effect: (n) =>
    Effect.runPromise(
      Effect.gen(function* () {
        const semaphore = yield* Semaphore.make(1);
        const rounds = perTask(n);
        const worker = Effect.gen(function* () {
          for (let r = 0; r < rounds; r++) yield* semaphore.withPermit(Effect.sleep(0));
        });
        const watch = Stopwatch.start();
        yield* Effect.all(Array.from({ length: TASKS }, () => worker), { concurrency: "unbounded", discard: true });
        return watch.stop(rounds * TASKS);
      }),
    ),
};
