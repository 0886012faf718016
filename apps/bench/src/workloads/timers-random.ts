import { getRunningLoop } from "@tsio/loop";
import { run, sleep } from "@tsio/tasks";
import { type ImplTable, lazyImpl } from "../impl.js";
import { randomDelays, TIMER_SPAN_MS } from "../random.js";
import { Stopwatch } from "../stopwatch.js";

export const impls: ImplTable = {
  tsio: (n) =>
    run(async () => {
      const delays = randomDelays(n, TIMER_SPAN_MS);
      const loop = getRunningLoop();
      const allFired = loop.createFuture<void>();
      let left = n;
      const fired = (): void => {
        if (--left === 0) allFired.setResult();
      };
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) loop.callLater(delays[i]!, fired);
      await allFired;
      return watch.stop(n);
    }),

  "tsio-sleep": (n) =>
    run(async () => {
      const delays = randomDelays(n, TIMER_SPAN_MS);
      const allFired = getRunningLoop().createFuture<void>();
      let left = n;
      const fired = (): void => {
        if (--left === 0) allFired.setResult();
      };
      const watch = Stopwatch.start();
      for (let i = 0; i < n; i++) sleep(delays[i]!).addDoneCallback(fired);
      await allFired;
      return watch.stop(n);
    }),

  effect: lazyImpl(() => import("../effect/timers-random.js")),

  settimeout: async (n) => {
    const delays = randomDelays(n, TIMER_SPAN_MS);
    const watch = Stopwatch.start();
    await new Promise<void>((resolve) => {
      let left = n;
      const fired = (): void => {
        if (--left === 0) resolve();
      };
      for (let i = 0; i < n; i++) setTimeout(fired, delays[i]!);
    });
    return watch.stop(n);
  },
};
