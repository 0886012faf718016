import type { Future } from "@tsio/loop";
import { gather } from "@tsio/tasks";
import { setDefaultExecutor, ThreadPool, toThread } from "@tsio/thread";
import { POOL_SETTINGS } from "./pools.js";

/**
 * Inside `run()`: makes a `ThreadPool` with the bench's pool settings the default executor and
 * makes `warm` (one thread job) twice per thread at once, so the measured section pays no thread
 * start-up and every thread has already compiled the measured function (or imported the measured
 * module), as `rawPiscina` leaves both of its threads with the handler loaded.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   await useWarmTsioPool(() => toThread(echo, 0));
 *   await toThread(echo, 1);
 * });
 * ```
 */
export async function useWarmTsioPool(warm: () => Future<unknown> = () => toThread((x: number) => x, 0)): Promise<void> {
  setDefaultExecutor(new ThreadPool(POOL_SETTINGS));
  await gather(Array.from({ length: POOL_SETTINGS.maxThreads * 2 }, warm));
}
