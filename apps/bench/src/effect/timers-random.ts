// Effect 4's side of timers-random: Effect.sleep(ms) for each delay, all at once.
import { Effect } from "effect";
import type { Impl } from "../impl.js";
import { randomDelays, TIMER_SPAN_MS } from "../random.js";
import { Stopwatch } from "../stopwatch.js";


export const impl: Impl = (n) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const delays = randomDelays(n, TIMER_SPAN_MS);
      const watch = Stopwatch.start();
      yield* Effect.forEach(delays, (ms) => Effect.sleep(ms), { concurrency: "unbounded", discard: true });
      return watch.stop(n);
    }),
  );
