import type { Future } from "@tsio/loop";
import { gather, run } from "@tsio/tasks";
import { toThread } from "@tsio/thread";
import type { ImplTable } from "../impl.js";
import { rawPiscina } from "../pools.js";
import { Stopwatch } from "../stopwatch.js";
import { useWarmTsioPool } from "../tsio-pool.js";
import { BURN_ITERATIONS, burn } from "../workers/burn.js";

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      await useWarmTsioPool();
      // Compile the job once on each thread first: the serial run's JIT is warm too.
      await gather([toThread(burn, 1000), toThread(burn, 1000)]);
      const watch = Stopwatch.start();
      const jobs = new Array<Future<number>>(n);
      for (let i = 0; i < n; i++) jobs[i] = toThread(burn, BURN_ITERATIONS);
      await gather(jobs);
      return watch.stop(n);
    }),

  serial: (n) =>
    run(async () => {
      burn(1000);
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) burn(BURN_ITERATIONS);
      return watch.stop(n);
    }),

  piscina: async (n) => {
    const pool = await rawPiscina("burn");
    const watch = Stopwatch.start();
    const jobs = new Array<Promise<number>>(n);
    for (let i = 0; i < n; i++) jobs[i] = pool.run(BURN_ITERATIONS) as Promise<number>;
    await Promise.all(jobs);
    const sample = watch.stop(n);
    await pool.destroy();
    return sample;
  },
};
