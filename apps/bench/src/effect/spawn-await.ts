// Effect 4's side of spawn-await: a fiber per task (Effect.forkChild), then Fiber.join each.
import { Effect, Fiber } from "effect";
import type { Impl } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

export const impl: Impl = (n) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const watch = Stopwatch.start();
      const fibers = new Array<Fiber.Fiber<number>>(n);
      for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(Effect.sync(() => i));
      for (const fiber of fibers) yield* Fiber.join(fiber);
      return watch.stop(n);
    }),
  );
