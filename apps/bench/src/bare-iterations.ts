import type { Sample } from "./sample.js";
import { Stopwatch } from "./stopwatch.js";

const SETTLED = Promise.resolve();

/**
 * The least any event loop on Node pays per iteration when, like tsio's and asyncio's, it lets
 * every continuation of one iteration finish before the next begins: a microtask hop, then a
 * `process.nextTick` (which runs only once the microtask queue is empty), and one `await` resumed.
 * No ready queue, no timers, no futures, no tasks. Runs `iterations` of them and reports per `n`.
 *
 * @example
 * ```ts
 * const sample = await bareIterations(200_000, 100_000); // two iterations per acquisition
 * ```
 */
export function bareIterations(iterations: number, n: number): Promise<Sample> {
  return new Promise<Sample>((done) => {
    let left = iterations;
    let wake: (() => void) | null = null;
    const resumer = async (): Promise<void> => {
      for (;;) await new Promise<void>((resolve) => (wake = resolve));
    };
    const watch = Stopwatch.start();
    const step = (): void => {
      const resume = wake;
      wake = null;
      resume?.();
      void SETTLED.then(hop);
    };
    const hop = (): void => {
      process.nextTick(afterIteration);
    };
    const afterIteration = (): void => {
      if (--left > 0) step();
      else done(watch.stop(n));
    };
    void resumer();
    setImmediate(step);
  });
}
