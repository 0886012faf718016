import type { Future } from "@tsio/loop";
import type { JobSignal } from "./job-signal.js";
import type { ThreadJob } from "./protocol.js";
import { submitJob } from "./thread-call.js";
import type { ThreadArgs, ThreadResult } from "./transfer.js";

/**
 * What an `Executor` gets with each job besides the job itself.
 *
 * @example
 * ```ts
 * const options: ExecutorRunOptions = { transferList: [buffer], signal };
 * ```
 */
export interface ExecutorRunOptions {
  /** Buffers to move (not copy) along with the job's arguments. */
  readonly transferList: readonly ArrayBuffer[];
  /** Fires when the caller gave up on the job (its task was cancelled or its signal aborted). */
  readonly signal: JobSignal;
}

/**
 * The small interface `runInExecutor`, `toThread({ executor })` and `threadModule(url, { executor })`
 * accept. `ThreadPool` implements it; wrap one to add logging or metrics, or implement it to run
 * jobs elsewhere. `close()`, when present, is what `run()` calls on the default executor at the end.
 *
 * @example
 * ```ts
 * const pool = new ThreadPool({ maxThreads: 2 });
 * let started = 0;
 * const counting: Executor = {
 *   run(job, options) {
 *     started++;
 *     return pool.run(job, options);
 *   },
 *   close: () => pool.close(),
 * };
 * await runInExecutor(counting, (n: number) => n + 1, 1); // 2
 * ```
 */
export interface Executor {
  /** Runs one job; resolves with its result or rejects with its error. */
  run(job: ThreadJob, options: ExecutorRunOptions): PromiseLike<unknown>;
  /** Finishes accepted jobs and releases the threads. */
  close?(): Promise<void>;
}

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
