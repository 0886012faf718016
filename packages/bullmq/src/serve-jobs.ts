import { assertDelay, CancelledError, checkOptions, describeValue } from "@tsio/loop";
import { Runner, type Task } from "@tsio/tasks";
import { type ThreadPool, threadModule } from "@tsio/thread";
import { type ConnectionOptions, type Job, UnrecoverableError, Worker } from "bullmq";
import { cancelChannel, rawClient } from "./cancel-channel.js";
import { assertConnection, assertQueueName } from "./connection-options.js";
import { checkJson, type JobPayload } from "./job-payload.js";
import { ModuleTable } from "./module-table.js";
import { toQueueError } from "./remote-error.js";

/**
 * What running jobs do when the server stops: `"finish"` lets them run to the end, `"cancel"`
 * cancels their tasks (their `finally` runs; the callers get a `RemoteJobError` named `CancelledError`).
 *
 * @example
 * ```ts
 * const onStop: ShutdownMode = "cancel";
 * ```
 */
export type ShutdownMode = "finish" | "cancel";

/**
 * Options for `serveJobs()`.
 *
 * @example
 * ```ts
 * const options: ServeJobsOptions = {
 *   queueName: "images",
 *   connection: { host: "127.0.0.1", port: 6379 },
 *   modules: { images: "./dist/images.js" },
 *   concurrency: 8,
 * };
 * ```
 */
export interface ServeJobsOptions {
  /** The BullMQ queue to take jobs from (the callers' `BullExecutor` queueName). */
  queueName: string;
  /** Where Redis is: BullMQ's connection options or an ioredis client. */
  connection: ConnectionOptions;
  /** The modules served, by the names callers use: paths (from the current directory) or `file:` URLs. */
  modules: Record<string, string | URL>;
  /** How many jobs run at once on this worker. Default 1. */
  concurrency?: number;
  /** BullMQ's key prefix (default `bull`); the callers must use the same. */
  prefix?: string;
  /** What running jobs do on SIGINT/SIGTERM (and by default on `close()`). Default `"finish"`. */
  shutdown?: ShutdownMode;
  /** Signals that stop the server gracefully (default `["SIGINT", "SIGTERM"]`; `[]` for none). A second one cancels running jobs. */
  signals?: readonly NodeJS.Signals[];
  /** Run every job on this thread pool (for CPU-heavy modules) instead of on the worker's loop. */
  threadPool?: ThreadPool;
  /** BullMQ: how long (ms) a job's lock lasts without renewal; a dead worker's job is recovered after it. Default 30 000. */
  lockDuration?: number;
  /** BullMQ: how often (ms) stalled jobs (of dead workers) are looked for. Default 30 000. */
  stalledInterval?: number;
  /** BullMQ: how many times a job may stall before it fails. Default 1. */
  maxStalledCount?: number;
}

/**
 * How a job ended on this worker, for `JobServer#onJobEnd` listeners and counts.
 *
 * @example
 * ```ts
 * const outcome: JobOutcome = "cancelled";
 * ```
 */
export type JobOutcome = "completed" | "failed" | "cancelled";

/**
 * One finished job as a `JobServer` reports it.
 *
 * @example
 * ```ts
 * server.onJobEnd = (end: JobEnd) => console.log(end.id, end.name, end.outcome);
 * ```
 */
export interface JobEnd {
  /** The BullMQ job id. */
  readonly id: string;
  /** `module.export`. */
  readonly name: string;
  /** How it ended. */
  readonly outcome: JobOutcome;
}

/**
 * A running worker: `serveJobs()` resolves with it once it takes jobs.
 *
 * @example
 * ```ts
 * const server = await serveJobs({ queueName: "images", connection, modules: { images: "./images.js" } });
 * await server.closed; // until SIGINT/SIGTERM or server.close()
 * console.log(server.counts);
 * ```
 */
export interface JobServer {
  /** The queue served. */
  readonly queueName: string;
  /** Jobs finished by outcome, and jobs running now. */
  readonly counts: Readonly<Record<JobOutcome | "running", number>>;
  /** Called as each job ends. */
  onJobEnd: ((end: JobEnd) => void) | null;
  /** The signal that stopped the server, if one did. */
  readonly stopSignal: NodeJS.Signals | undefined;
  /**
   * Stops taking jobs, lets running ones finish (or cancels them, per `running`, default the
   * `shutdown` option), then closes the worker, its loop and its Redis connections. Idempotent.
   */
  close(options?: { running?: ShutdownMode }): Promise<void>;
  /** Settles when the server has closed. */
  readonly closed: Promise<void>;
}

function assertPositiveInt(value: unknown, what: string): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${describeValue(value)}.`);
  }
}

function assertMode(value: unknown, what: string): asserts value is ShutdownMode {
  if (value !== "finish" && value !== "cancel") throw new TypeError(`${what} must be "finish" or "cancel", got ${describeValue(value)}.`);
}

function payloadOf(job: Job): JobPayload {
  const data = job.data as Partial<JobPayload> | null;
  if (typeof data !== "object" || data === null || typeof data.module !== "string" || typeof data.export !== "string" || !Array.isArray(data.args)) {
    throw new TypeError(`Job ${job.id} (${job.name}) is not a tsio job: its data must be { module, export, args } as BullExecutor sends it.`);
  }
  return data as JobPayload;
}

/** A job that must not be retried (bad data, cancelled), with the stack of the error behind it. */
function unrecoverable(cause: unknown): UnrecoverableError {
  const shaped = toQueueError(cause);
  const error = new UnrecoverableError(shaped.message);
  error.stack = shaped.stack ?? "";
  return error;
}

/**
 * Serves named module jobs from a BullMQ queue: each job runs as a tsio task on this process's
 * tsio loop (or on `threadPool`), with BullMQ's job `AbortSignal` wired to `task.cancel()`, so a
 * caller's cancellation (a `BullExecutor` whose awaiting task was cancelled) cancels the task here:
 * its `await` throws `CancelledError`, its `finally` runs. Arguments and results are JSON.
 * Stops gracefully on SIGINT/SIGTERM: no new jobs, running ones finish (or are cancelled, per
 * `shutdown`), nothing is left locked. A worker killed outright loses nothing either: BullMQ's
 * stalled-job recovery hands its jobs to another worker after `lockDuration`. Call it from
 * ordinary code (a worker's entry point), not inside `run()`: it runs its own tsio loop.
 *
 * @example
 * ```ts
 * // images.ts: export async function resize(path: string, width: number) { ... return { path, width }; }
 * const server = await serveJobs({
 *   queueName: "images",
 *   connection: { host: "127.0.0.1", port: 6379 },
 *   modules: { images: "./dist/images.js" },
 *   concurrency: 4,
 * });
 * await server.closed;
 * ```
 */
export async function serveJobs(options: ServeJobsOptions): Promise<JobServer> {
  const what = "serveJobs(options)";
  const {
    queueName,
    connection,
    modules,
    concurrency = 1,
    prefix,
    shutdown = "finish",
    signals = ["SIGINT", "SIGTERM"],
    threadPool,
    lockDuration,
    stalledInterval,
    maxStalledCount,
  } = checkOptions(
    options,
    ["queueName", "connection", "modules", "concurrency", "prefix", "shutdown", "signals", "threadPool", "lockDuration", "stalledInterval", "maxStalledCount"],
    what,
  );
  assertQueueName(queueName, what);
  assertConnection(connection, what);
  assertPositiveInt(concurrency, `${what}: concurrency`);
  assertMode(shutdown, `${what}: shutdown`);
  if (!Array.isArray(signals)) throw new TypeError(`${what}: signals must be an array of signal names, got ${describeValue(signals)}.`);
  if (lockDuration !== undefined) assertDelay(lockDuration, `${what}: lockDuration`);
  if (stalledInterval !== undefined) assertDelay(stalledInterval, `${what}: stalledInterval`);
  if (maxStalledCount !== undefined && (!Number.isInteger(maxStalledCount) || maxStalledCount < 0)) {
    throw new RangeError(`${what}: maxStalledCount must be an integer ≥ 0, got ${describeValue(maxStalledCount)}.`);
  }
  if (threadPool !== undefined && (typeof threadPool !== "object" || threadPool === null || typeof threadPool.run !== "function")) {
    throw new TypeError(`${what}: threadPool must be a ThreadPool, got ${describeValue(threadPool)}.`);
  }
  const table = new ModuleTable(modules, what);
  await table.load();

  const runner = new Runner({ signals: [] });
  const running = new Set<Task<unknown>>();
  const counts = { completed: 0, failed: 0, cancelled: 0, running: 0 };
  const base = { connection, ...(prefix !== undefined && { prefix }) };

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<unknown> => {
    let payload: JobPayload;
    let fn: (...args: unknown[]) => unknown;
    try {
      payload = payloadOf(job);
      fn = table.get(payload.module, payload.export);
    } catch (err) {
      counts.failed++;
      server.onJobEnd?.({ id: String(job.id), name: job.name, outcome: "failed" });
      throw unrecoverable(err);
    }
    const args = payload.args as unknown[];
    const task = runner.createTask(
      () => (threadPool === undefined ? fn(...args) : (threadModule(table.urls.get(payload.module) as string, { executor: threadPool }) as Record<string, (...a: unknown[]) => unknown>)[payload.export]?.(...args)),
      { name: `job ${job.id} ${job.name}` },
    );
    const onAbort = () => task.cancel(`Job ${job.id} (${job.name}) was cancelled: ${String(signal?.reason ?? "cancelled")}.`);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    running.add(task);
    counts.running++;
    let outcome: JobOutcome = "failed";
    try {
      const result = await task;
      checkJson(result, "result");
      outcome = "completed";
      return result;
    } catch (err) {
      if (task.cancelled() || err instanceof CancelledError) {
        outcome = "cancelled";
        throw unrecoverable(err);
      }
      throw toQueueError(err);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      running.delete(task);
      counts.running--;
      counts[outcome]++;
      server.onJobEnd?.({ id: String(job.id), name: job.name, outcome });
    }
  };

  const worker = new Worker(queueName, processor, {
    ...base,
    concurrency,
    autorun: false,
    ...(lockDuration !== undefined && { lockDuration }),
    ...(stalledInterval !== undefined && { stalledInterval }),
    ...(maxStalledCount !== undefined && { maxStalledCount }),
  });
  // Connection trouble is BullMQ's to retry; unheard, its "error" events would be printed.
  worker.on("error", () => {});
  // Subscribed before the worker takes its first job, so no cancellation of one of its jobs is missed.
  const subscriber = (await rawClient(worker)).duplicate();
  subscriber.on("error", () => {});
  subscriber.on("message", (_channel, jobId) => worker.cancelJob(jobId, "the caller cancelled it"));
  await subscriber.subscribe(cancelChannel(prefix, queueName));
  const workerRun = worker.run().catch(() => {});
  await worker.waitUntilReady();

  let closing: Promise<void> | null = null;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const handlers = new Map<NodeJS.Signals, () => void>();
  let stopSignal: NodeJS.Signals | undefined;

  const close = (closeOptions?: { running?: ShutdownMode }): Promise<void> => {
    const mode = closeOptions?.running ?? shutdown;
    assertMode(mode, "server.close(options): running");
    if (mode === "cancel") worker.cancelAllJobs("the worker is shutting down");
    closing ??= (async () => {
      try {
        await worker.close();
        await workerRun;
        await subscriber.quit().catch(() => subscriber.disconnect());
        await runner.close();
      } finally {
        for (const [name, handler] of handlers) process.removeListener(name, handler);
        resolveClosed();
      }
    })();
    return closing;
  };

  for (const name of signals) {
    const handler = () => {
      // A second signal: stop waiting for running jobs.
      if (stopSignal !== undefined) {
        worker.cancelAllJobs(`the worker got a second ${name}`);
        return;
      }
      stopSignal = name;
      void close();
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }

  const server: JobServer = {
    queueName,
    counts,
    onJobEnd: null,
    get stopSignal() {
      return stopSignal;
    },
    close,
    closed,
  };
  return server;
}
