// Effect 4's side of gather-sleep0: Effect.all of n Effect.sleep(0) with unbounded concurrency.
import { Effect } from "effect";
import type { Impl } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

export const impl: Impl = (n) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const watch = Stopwatch.start();
      const sleeps = new Array<Effect.Effect<void>>(n);
      for (let i = 0; i < n; i++) sleeps[i] = Effect.sleep(0);
      yield* Effect.all(sleeps, { concurrency: "unbounded", discard: true });
      return watch.stop(n);
    }),
  );
