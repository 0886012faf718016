import { run } from "@tsio/tasks";
import { threadModule, toThread } from "@tsio/thread";
import type { ImplTable } from "../impl.js";
import { rawPiscina, workerUrl } from "../pools.js";
import { Stopwatch } from "../stopwatch.js";
import { useWarmTsioPool } from "../tsio-pool.js";

const echo = (value: number): number => value;

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      await useWarmTsioPool(() => toThread(echo, 0));
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) await toThread(echo, i);
      return watch.stop(n);
    }),

  "tsio-module": (n) =>
    run(async () => {
      const work = threadModule<typeof import("../workers/echo.js")>(workerUrl("echo"));
      await useWarmTsioPool(() => work.echo(0));
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) await work.echo(i);
      return watch.stop(n);
    }),

  piscina: async (n) => {
    const pool = await rawPiscina("echo");
    const watch = Stopwatch.start();
    for (let i = 0; i < n; i++) await pool.run(i);
    const sample = watch.stop(n);
    await pool.destroy();
    return sample;
  },
};
