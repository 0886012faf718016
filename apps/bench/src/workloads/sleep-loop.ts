import { run, sleep } from "@tsio/tasks";
import type { ImplTable } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) await sleep(0);
      return watch.stop(n);
    }),

  promise: async (n) => {
    const watch = Stopwatch.start();
    for (let i = 0; i < n; i++) await yieldImmediate();
    return watch.stop(n);
  },
};
