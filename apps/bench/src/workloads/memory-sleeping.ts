import { createTask, run, sleep } from "@tsio/tasks";
import type { Impl, ImplTable } from "../impl.js";
import type { Sample } from "../sample.js";
import { Stopwatch } from "../stopwatch.js";
import { yieldImmediate } from "../yield-immediate.js";

const HOUR_MS = 3_600_000;

async function tsioSleeper(): Promise<void> {
  await sleep(HOUR_MS);
}

async function promiseSleeper(): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, HOUR_MS));
}

/**
 * The sample is taken while the tasks are still asleep; the child process exits right after
 * printing it, so nobody pays for cancelling a million tasks.
 */
const tsio: Impl = (n) =>
  new Promise<Sample>((resolve, reject) => {
    run(async () => {
      const watch = Stopwatch.start({ gc: true });
      for (let i = 0; i < n; i++) createTask(tsioSleeper);
      // Two iterations: every task starts, then every one is parked on its sleep.
      await sleep(0);
      await sleep(0);
      resolve(watch.stop(n));
      await sleep(HOUR_MS);
    }).catch(reject);
  });

const promise: Impl = async (n) => {
  const watch = Stopwatch.start({ gc: true });
  for (let i = 0; i < n; i++) void promiseSleeper();
  await yieldImmediate();
  return watch.stop(n);
};

export const impls: ImplTable = { tsio, promise };
