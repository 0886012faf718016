import { Queue } from "@tsio/sync";
import { createTask, gather, run } from "@tsio/tasks";
import { type ImplTable, lazyImpl } from "../impl.js";
import { PromiseChannel } from "../promise-channel.js";
import { Stopwatch } from "../stopwatch.js";

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      const queue = new Queue<number>({ maxsize: 1 });
      const watch = Stopwatch.start();
      const producer = createTask(async () => {
        for (let i = 0; i < n; i++) await queue.put(i);
      });
      const consumer = createTask(async () => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += await queue.get();
        return sum;
      });
      await gather([producer, consumer]);
      return watch.stop(n);
    }),

  effect: lazyImpl(() => import("../effect/queue-pingpong.js")),

  promise: async (n) => {
    const channel = new PromiseChannel<number>(1);
    const watch = Stopwatch.start();
    const producer = (async () => {
      for (let i = 0; i < n; i++) await channel.put(i);
    })();
    const consumer = (async () => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += await channel.get();
      return sum;
    })();
    await Promise.all([producer, consumer]);
    return watch.stop(n);
  },
};
