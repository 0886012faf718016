// Effect 4's side of queue-pingpong: Queue.bounded(1) between a producer and a consumer fiber.
import { Effect, Queue } from "effect";
import type { Impl } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

export const impl: Impl = (n) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const queue = yield* Queue.bounded<number>(1);
      const watch = Stopwatch.start();
      const producer = Effect.gen(function* () {
        for (let i = 0; i < n; i++) yield* Queue.offer(queue, i);
      });
      const consumer = Effect.gen(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* Queue.take(queue);
        return sum;
      });
      yield* Effect.all([producer, consumer], { concurrency: "unbounded" });
      return watch.stop(n);
    }),
  );
