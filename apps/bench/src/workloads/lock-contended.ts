import { Lock } from "@tsio/sync";
import { createTask, gather, run, sleep, type Task } from "@tsio/tasks";
import { bareIterations } from "../bare-iterations.js";
import { type Impl, type ImplTable, lazyImpl } from "../impl.js";
import { inAsyncContext } from "../in-async-context.js";
import { LOCK_TASKS, roundsPerTask } from "../lock-rounds.js";
import { PromiseMutex } from "../promise-mutex.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

/** The peer without tsio: what a user writes with plain Promises. */
const promise: Impl = async (n) => {
  const mutex = new PromiseMutex();
  const rounds = roundsPerTask(n);
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
  const workers = new Array<Promise<void>>(LOCK_TASKS);
  for (let t = 0; t < LOCK_TASKS; t++) workers[t] = worker();
  await Promise.all(workers);
  return watch.stop(rounds * LOCK_TASKS);
};

export const impls: ImplTable = {
  promise,
  "promise-als": (n) => inAsyncContext(() => promise(n)),
  // Each acquisition costs two loop iterations, in tsio as in asyncio: the hand-off wakes the next
  // waiter on the next iteration, and sleep(0) yields one more.
  "floor-als": (n) => inAsyncContext(() => bareIterations(2 * roundsPerTask(n) * LOCK_TASKS, roundsPerTask(n) * LOCK_TASKS)),
  tsio: (n) =>
    run(async () => {
      const lock = new Lock();
      const rounds = roundsPerTask(n);
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
      const tasks = new Array<Task<void>>(LOCK_TASKS);
      for (let t = 0; t < LOCK_TASKS; t++) tasks[t] = createTask(worker);
      await gather(tasks);
      return watch.stop(rounds * LOCK_TASKS);
    }),

  effect: lazyImpl(() => import("../effect/lock-contended.js")),
};
