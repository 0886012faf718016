import type { Future } from "@tsio/loop";
import type { Executor } from "./executor.js";
import { submitJob } from "./thread-call.js";
import type { ThreadArgs, ThreadResult } from "./transfer.js";

/**
 * Runs `fn(...args)` on `executor` (or on the running loop's default pool for `null`) and returns
 * a future for its result: asyncio's `loop.run_in_executor(executor, fn, *args)`. `fn` must be
 * self-contained, as for `toThread`. Must be called while a loop is running.
 *
 * @example
 * ```ts
 * const pool = new ThreadPool({ maxThreads: 4 });
 * const hashes = await gather(...files.map((f) => runInExecutor(pool, hashFile, f)));
 * await pool.close();
 * ```
 */
export function runInExecutor<A extends unknown[], R>(
  executor: Executor | null,
  fn: (...args: A) => R,
  ...args: ThreadArgs<A>
): Future<ThreadResult<R>> {
  return submitJob<ThreadResult<R>>(executor, fn, "runInExecutor(executor, fn): fn", args, undefined);
}
