// Effect 4's side of lock-contended: 1,000 fibers take turns on a one-permit Semaphore.
import { Effect, Semaphore } from "effect";
import type { Impl } from "../impl.js";
import { LOCK_TASKS, roundsPerTask } from "../lock-rounds.js";
import { Stopwatch } from "../stopwatch.js";

// The same shape as tsio's: Effect.sleep(0) is Effect.yieldNow in Effect 4 (one scheduler turn).
export const impl: Impl = (n) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const semaphore = yield* Semaphore.make(1);
      const rounds = roundsPerTask(n);
      const worker = Effect.gen(function* () {
        for (let r = 0; r < rounds; r++) yield* semaphore.withPermit(Effect.sleep(0));
      });
      const watch = Stopwatch.start();
      yield* Effect.all(Array.from({ length: LOCK_TASKS }, () => worker), { concurrency: "unbounded", discard: true });
      return watch.stop(rounds * LOCK_TASKS);
    }),
  );
