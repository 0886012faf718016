import type { JobSignal } from "./job-signal.js";
import type { ThreadJob } from "./protocol.js";

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
  /**
   * `true` for an executor that runs modules registered under a name where the jobs run (such as
   * `@tsio/bullmq`'s `BullExecutor`): `threadModule("images", { executor })` then passes the name
   * through as the job's `moduleUrl` instead of resolving it to a `file:` URL here.
   */
  readonly namedModules?: boolean;
}
