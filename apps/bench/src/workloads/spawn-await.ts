import { createTask, gather, run, type Task } from "@tsio/tasks";
import { type Task as EffectionTask, run as runEffection, spawn } from "effection";
import { type Impl, type ImplTable, lazyImpl } from "../impl.js";
import { inAsyncContext } from "../in-async-context.js";
import { Stopwatch } from "../stopwatch.js";

async function trivial(i: number): Promise<number> {
  return i;
}

/** The peer without tsio: what a user writes with plain Promises. */
const promise: Impl = async (n) => {
  const watch = Stopwatch.start();
  const promises = new Array<Promise<number>>(n);
  for (let i = 0; i < n; i++) promises[i] = trivial(i);
  await Promise.all(promises);
  return watch.stop(n);
};

export const impls: ImplTable = {
  promise,
  "promise-als": (n) => inAsyncContext(() => promise(n)),
  tsio: (n) =>
    run(async () => {
      const watch = Stopwatch.start();
      const tasks = new Array<Task<number>>(n);
      for (let i = 0; i < n; i++) tasks[i] = createTask(() => trivial(i));
      await gather(tasks);
      return watch.stop(n);
    }),

  effect: lazyImpl(() => import("../effect/spawn-await.js")),

  effection: (n) =>
    runEffection(function* () {
      const watch = Stopwatch.start();
      const tasks = new Array<EffectionTask<number>>(n);
      for (let i = 0; i < n; i++) {
        // biome-ignore lint/correctness/useYield: Effection's trivial task, the peer of `async () => i`.
        tasks[i] = yield* spawn(function* () {
          return i;
        });
      }
      for (const task of tasks) yield* task;
      return watch.stop(n);
    }),
};
