import { CapacityLimiter, Semaphore } from "@tsio/sync";
import { createTask, gather, run, sleep, type Task } from "@tsio/tasks";
import type { Impl, ImplTable } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

const TASKS = 1_000;
const TOKENS = 10;

/** Splits `n` acquisitions over the tasks (at least one each). */
function perTask(n: number): number {
  return Math.max(1, Math.round(n / TASKS));
}

/** 1,000 tasks take turns on `TOKENS` permits, each yielding once while it holds one. */
function contended(limit: { run(fn: () => PromiseLike<void>): Promise<void> }): Impl {
  return (n) =>
    run(async () => {
      const rounds = perTask(n);
      const worker = async (): Promise<void> => {
        for (let r = 0; r < rounds; r++) await limit.run(() => sleep(0));
      };
      const watch = Stopwatch.start();
      const tasks = new Array<Task<void>>(TASKS);
      for (let t = 0; t < TASKS; t++) tasks[t] = createTask(worker);
      await gather(tasks);
      return watch.stop(rounds * TASKS);
    });
}

export const impls: ImplTable = {
  limiter: (n) => contended(new CapacityLimiter(TOKENS))(n),
  semaphore: (n) => contended(new Semaphore(TOKENS))(n),
};
