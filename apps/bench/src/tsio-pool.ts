import { gather } from "@tsio/tasks";
import { setDefaultExecutor, ThreadPool, toThread } from "@tsio/thread";
import { POOL_SETTINGS } from "./pools.js";

/**
 * Inside `run()`: makes a `ThreadPool` with the bench's pool settings the default executor and
 * starts both threads, so the measured section pays no thread start-up (as with `rawPiscina`).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   await useWarmTsioPool();
 *   await toThread((x: number) => x, 1);
 * });
 * ```
 */
export async function useWarmTsioPool(): Promise<void> {
  setDefaultExecutor(new ThreadPool(POOL_SETTINGS));
  await gather(Array.from({ length: POOL_SETTINGS.maxThreads * 2 }, () => toThread((x: number) => x, 0)));
}
