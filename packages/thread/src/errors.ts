import { brandClass } from "@tsio/loop";

/**
 * A failure of the thread machinery rather than of your function: an argument or result that
 * cannot cross to another thread, a module that fails to load, a pool that is gone.
 *
 * @example
 * ```ts
 * try {
 *   await toThread(() => () => 1); // a function cannot travel back from the worker
 * } catch (err) {
 *   if (err instanceof ThreadError) console.log(err.message);
 * }
 * ```
 */
export class ThreadError extends Error {
  static {
    brandClass(ThreadError, "ThreadError");
  }
  /** Always `"ThreadError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "ThreadError";
}

/**
 * Why a worker thread died under a job.
 *
 * @example
 * ```ts
 * const reason: WorkerCrashReason = "out-of-memory";
 * ```
 */
export type WorkerCrashReason = "exit" | "out-of-memory" | "error";

/**
 * The worker thread running a job died: it called `process.exit()`, ran out of memory under the
 * pool's `resourceLimits`, or threw an uncaught error outside the job. Only that job fails; the
 * pool replaces the worker and stays usable.
 *
 * @example
 * ```ts
 * try {
 *   await toThread(() => process.exit(3));
 * } catch (err) {
 *   if (err instanceof WorkerCrashError) console.log(err.reason, err.exitCode); // "exit" 3
 * }
 * ```
 */
export class WorkerCrashError extends ThreadError {
  static {
    brandClass(WorkerCrashError, "WorkerCrashError");
  }
  /** Always `"WorkerCrashError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "WorkerCrashError";
  /** What killed the worker. */
  readonly reason: WorkerCrashReason;
  /** The worker's exit code, when `reason` is `"exit"`. */
  readonly exitCode: number | undefined;

  constructor(message: string, reason: WorkerCrashReason, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.reason = reason;
    this.exitCode = options?.exitCode;
  }
}

/**
 * A `ThreadPool` with a `maxQueue` refused a job because that many jobs were already waiting for a
 * thread. Nothing was queued; retry later or raise `maxQueue`.
 *
 * @example
 * ```ts
 * const pool = new ThreadPool({ maxThreads: 1, maxQueue: 0 });
 * try {
 *   await Promise.all([runInExecutor(pool, slow), runInExecutor(pool, slow)]);
 * } catch (err) {
 *   if (err instanceof ThreadPoolFullError) console.log(err.maxQueue); // 0
 * }
 * ```
 */
export class ThreadPoolFullError extends ThreadError {
  static {
    brandClass(ThreadPoolFullError, "ThreadPoolFullError");
  }
  /** Always `"ThreadPoolFullError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "ThreadPoolFullError";
  /** The pool's `maxQueue`. */
  readonly maxQueue: number;

  constructor(maxQueue: number) {
    super(
      `The thread pool's queue is full: ${maxQueue} job(s) are already waiting for a thread (maxQueue ${maxQueue}). ` +
        "Wait for some to finish (limit concurrency with a Semaphore) or create the ThreadPool with a larger maxQueue.",
    );
    this.maxQueue = maxQueue;
  }
}
