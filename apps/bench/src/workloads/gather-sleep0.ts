import type { Future } from "@tsio/loop";
import { gather, run, sleep } from "@tsio/tasks";
import { all, type Operation, run as runEffection, sleep as sleepEffection } from "effection";
import { type ImplTable, lazyImpl } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      const watch = Stopwatch.start();
      const sleeps = new Array<Future<void>>(n);
      for (let i = 0; i < n; i++) sleeps[i] = sleep(0);
      await gather(sleeps);
      return watch.stop(n);
    }),

  promise: async (n) => {
    const watch = Stopwatch.start();
    const yields = new Array<Promise<void>>(n);
    for (let i = 0; i < n; i++) yields[i] = yieldImmediate();
    await Promise.all(yields);
    return watch.stop(n);
  },

  effect: lazyImpl(() => import("../effect/gather-sleep0.js")),

  effection: (n) =>
    runEffection(function* () {
      const watch = Stopwatch.start();
      const sleeps = new Array<Operation<void>>(n);
      for (let i = 0; i < n; i++) sleeps[i] = sleepEffection(0);
      yield* all(sleeps);
      return watch.stop(n);
    }),
};
