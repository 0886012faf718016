import type { Future } from "@tsio/loop";
import { gather } from "@tsio/tasks";
import { POOL_SETTINGS } from "./pools.js";

/**
 * Inside `run()`: makes `call` (one thread job) twice per thread of the bench pool at once, so
 * every thread has compiled the measured function (or imported the measured module) before timing
 * starts, as `rawPiscina` leaves both of its threads with the handler loaded.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   await useWarmTsioPool();
 *   await warmBothThreads(() => toThread(echo, 0));
 * });
 * ```
 */
export async function warmBothThreads(call: () => Future<unknown>): Promise<void> {
  await gather(Array.from({ length: POOL_SETTINGS.maxThreads * 2 }, call));
}
