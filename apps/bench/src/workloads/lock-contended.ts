import { Lock } from "@tsio/sync";
import { createTask, gather, run, sleep, type Task } from "@tsio/tasks";
import type { ImplTable } from "../impl.js";
import { PromiseMutex } from "../promise-mutex.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

const TASKS = 1_000;

/** Splits `n` acquisitions over the tasks (at least one each). */
function perTask(n: number): number {
  return Math.max(1, Math.round(n / TASKS));
}

export const impls: ImplTable = {
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

  promise: async (n) => {
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
  },
};
