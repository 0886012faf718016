import { randomUUID } from "node:crypto";
import { assertDelay, checkOptions, describeValue, InvalidStateError } from "@tsio/loop";
import type { Executor, ExecutorRunOptions, ThreadJob } from "@tsio/thread";
import { type ConnectionOptions, type JobsOptions, Queue, QueueEvents } from "bullmq";
import { cancelChannel, rawClient } from "./cancel-channel.js";
import { closeConnection } from "./close-connection.js";
import { assertConnection, assertQueueName, describeConnection } from "./connection-options.js";
import { ConnectionWatch } from "./connection-watch.js";
import { JobRemovedError, NamedJobsOnlyError } from "./errors.js";
import { eventsFromNow } from "./events-from-now.js";
import { checkJson, type JobPayload } from "./job-payload.js";
import { remoteError } from "./remote-error.js";
import { serverRunId } from "./server-run-id.js";
import { settledWithin } from "./settled-within.js";

/**
 * Options for `new BullExecutor()`.
 *
 * @example
 * ```ts
 * const options: BullExecutorOptions = {
 *   queueName: "images",
 *   connection: { host: "127.0.0.1", port: 6379 },
 *   jobOptions: { attempts: 3, backoff: { type: "exponential", delay: 1000 } },
 * };
 * ```
 */
export interface BullExecutorOptions {
  /** The BullMQ queue the workers (`serveJobs`) take jobs from. */
  queueName: string;
  /** Where Redis is: BullMQ's connection options (`{ host, port }`, `{ url }`...) or an ioredis client. */
  connection: ConnectionOptions;
  /** BullMQ job options for every job (attempts, backoff, priority, removeOnComplete...); `jobId` is the executor's. */
  jobOptions?: Omit<JobsOptions, "jobId">;
  /** BullMQ's key prefix (default `bull`); the workers must use the same. */
  prefix?: string;
  /** How long (ms) Redis may be unreachable before the jobs in flight fail with `RedisConnectionError`. Default 5000. */
  connectionLostTimeout?: number;
}

interface Pending {
  readonly id: string;
  readonly what: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: ExecutorRunOptions["signal"];
  readonly onAbort: () => void;
  /** `queue.add` has resolved: the job is on the queue. */
  added: boolean;
  /** The caller gave up; cancel the job on the queue as soon as it is there. */
  abandoned: boolean;
}

/**
 * An `Executor` that runs jobs on `serveJobs` workers anywhere, through BullMQ on Redis: pass it
 * to `threadModule("images", { executor })` and `await images.resize(...)` as for a thread, with
 * the same cancellation and errors. Only named module jobs travel (the name the workers
 * registered, the export, JSON arguments); a self-contained function (`toThread(fn, { executor })`)
 * fails with `NamedJobsOnlyError`, because no code is ever sent through the queue or evaluated from it.
 *
 * Cancelling the awaiting task removes a waiting job, or cancels an active one on whatever worker
 * runs it (its task is cancelled there, its `finally` runs). A job that throws rejects with
 * `RemoteJobError` (remote name, message, stack); a job removed by someone else with
 * `JobRemovedError`; a lost Redis with `RedisConnectionError`. `close()` closes the queue, the
 * event stream reader and their connections.
 *
 * @example
 * ```ts
 * const executor = new BullExecutor({ queueName: "images", connection: { host: "127.0.0.1", port: 6379 } });
 * const images = threadModule<typeof import("./images.js")>("images", { executor });
 * await run(async () => {
 *   console.log(await images.resize("a.png", 100));
 * });
 * await executor.close();
 * ```
 */
export class BullExecutor implements Executor {
  /** Modules are named, not resolved to URLs: `threadModule("images", { executor })`. */
  readonly namedModules = true;
  /** The queue's name. */
  readonly queueName: string;
  private readonly queue: Queue;
  private readonly connection: ConnectionOptions;
  private readonly prefix: string | undefined;
  private readonly jobOptions: JobsOptions;
  private readonly watch: ConnectionWatch;
  private readonly connectionLostTimeout: number;
  private readonly pending = new Map<string, Pending>();
  /** Cancellations still on their way to Redis: `close()` waits for them. */
  private readonly cancelling = new Set<Promise<void>>();
  private events: QueueEvents | null = null;
  private ready: Promise<void> | null = null;
  /** The `run_id` of the Redis server the jobs in flight were sent to. */
  private runId: string | null = null;
  private closing: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  constructor(options: BullExecutorOptions) {
    const { queueName, connection, jobOptions = {}, prefix, connectionLostTimeout = 5000 } = checkOptions(
      options,
      ["queueName", "connection", "jobOptions", "prefix", "connectionLostTimeout"],
      "new BullExecutor(options)",
    );
    assertQueueName(queueName, "new BullExecutor(options)");
    assertConnection(connection, "new BullExecutor(options)");
    const where = describeConnection(connection, "new BullExecutor(options)");
    if (typeof jobOptions !== "object" || jobOptions === null) {
      throw new TypeError(`new BullExecutor(options): jobOptions must be BullMQ job options, got ${describeValue(jobOptions)}.`);
    }
    if ("jobId" in jobOptions) {
      throw new TypeError("new BullExecutor(options): jobOptions.jobId cannot be set: every job needs its own id, which the executor gives it.");
    }
    if (prefix !== undefined && (typeof prefix !== "string" || prefix === "")) {
      throw new TypeError(`new BullExecutor(options): prefix must be a non-empty string, got ${describeValue(prefix)}.`);
    }
    assertDelay(connectionLostTimeout, "new BullExecutor(options): connectionLostTimeout");
    this.queueName = queueName;
    this.connection = connection;
    this.prefix = prefix;
    this.jobOptions = jobOptions;
    this.connectionLostTimeout = connectionLostTimeout;
    this.watch = new ConnectionWatch(
      connectionLostTimeout,
      where,
      (error) => this.failAll(error),
      () => void this.recheckAfterOutage(),
    );
    this.queue = new Queue(queueName, { connection, ...(prefix !== undefined && { prefix }) });
    this.watch.watch("queue", this.queue);
  }

  /** Sends one named module job (the `Executor` contract): resolves with its result or rejects with its error. */
  run(job: ThreadJob, options: ExecutorRunOptions): Promise<unknown> {
    if (this.closing !== null) {
      throw new InvalidStateError(`BullExecutor for queue "${this.queueName}" is closed: it sends no new jobs. Create a new BullExecutor.`);
    }
    if (typeof job?.source === "string") {
      throw new NamedJobsOnlyError(
        `BullExecutor runs only named module jobs: ${job.name === "" ? "a function" : `function ${job.name}`} would travel as source text and be evaluated by the worker, and no code ever travels through the queue. ` +
          'Register a module on the workers (serveJobs({ modules: { images: "./images.js" } })) and call it by name: threadModule("images", { executor }).resize(...args).',
      );
    }
    const moduleName = job?.moduleUrl;
    const exportName = job?.exportName;
    if (typeof moduleName !== "string" || typeof exportName !== "string" || !Array.isArray(job.args)) {
      throw new TypeError(`BullExecutor.run(job): job must be a module job ({ moduleUrl: name, exportName, args }), got ${describeValue(job)}.`);
    }
    if (/^(file|data|https?|node):/i.test(moduleName)) {
      throw new NamedJobsOnlyError(
        `BullExecutor runs modules by the name the workers registered them under, not by URL (got "${moduleName}"): pass that name, threadModule("images", { executor }).`,
      );
    }
    if (options.transferList.length > 0) {
      throw new NamedJobsOnlyError("BullExecutor cannot transfer buffers: jobs travel as JSON to another machine. Send the data as JSON, or put it where the workers can read it.");
    }
    checkJson(job.args, "args");
    const what = `${moduleName}.${exportName}()`;
    if (this.watch.lost) throw this.watch.error(`${what} was not sent`);
    const signal = options.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    const payload: JobPayload = { module: moduleName, export: exportName, args: job.args as JobPayload["args"] };
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const entry: Pending = {
        id,
        what,
        resolve,
        reject,
        signal,
        onAbort: () => this.abandon(entry),
        added: false,
        abandoned: false,
      };
      this.pending.set(id, entry);
      signal.addEventListener("abort", entry.onAbort, { once: true });
      this.send(entry, payload);
    });
  }

  private async send(entry: Pending, payload: JobPayload): Promise<void> {
    try {
      await this.eventsReady();
      await this.queue.add(`${payload.module}.${payload.export}`, payload, { ...this.jobOptions, jobId: entry.id });
    } catch (err) {
      this.settle(entry.id)?.reject(err);
      return;
    }
    entry.added = true;
    if (entry.abandoned) this.cancelLater(entry.id);
  }

  /** Starts reading the queue's events before the first job is added, so none of its events is missed. */
  private eventsReady(): Promise<void> {
    this.ready ??= (async () => {
      const lastEventId = await eventsFromNow(this.queue);
      const events = new QueueEvents(this.queueName, { connection: this.connection, lastEventId, ...(this.prefix !== undefined && { prefix: this.prefix }) });
      this.events = events;
      this.watch.watch("events", events);
      events.on("completed", ({ jobId, returnvalue }) => this.settle(jobId)?.resolve(returnvalue));
      events.on("failed", ({ jobId, failedReason }) => {
        const entry = this.settle(jobId);
        if (entry !== undefined) void this.reportFailure(entry, failedReason);
      });
      events.on("removed", ({ jobId }) => {
        const entry = this.settle(jobId);
        if (entry === undefined) return;
        entry.reject(
          new JobRemovedError(
            `${entry.what} (job ${jobId} on queue "${this.queueName}") was removed from the queue by someone else before it finished, so no result will come.`,
            jobId,
          ),
        );
      });
      await events.waitUntilReady();
      this.runId = await serverRunId(this.queue);
    })();
    // A failed start (Redis down) is tried again by the next job.
    this.ready.catch(() => {
      this.ready = null;
    });
    return this.ready;
  }

  /**
   * The connections are back: to the same server, the event stream resumes where it was; to a
   * restarted or different one (another `run_id`), the jobs it does not have would never settle.
   */
  private async recheckAfterOutage(): Promise<void> {
    const before = this.runId;
    if (before === null) return;
    try {
      const now = await serverRunId(this.queue);
      if (now === before) return;
      this.runId = now;
      for (const entry of [...this.pending.values()]) {
        if (!entry.added || (await this.queue.getJobState(entry.id)) !== "unknown") continue;
        this.settle(entry.id)?.reject(this.watch.goneError(entry.what, entry.id));
      }
    } catch {
      // Down again: the watch fails the jobs in flight if it stays down.
    }
  }

  private async reportFailure(entry: Pending, failedReason: string): Promise<void> {
    let stacktrace: string[] | null = null;
    try {
      stacktrace = (await this.queue.getJob(entry.id))?.stacktrace ?? null;
    } catch {
      // The message alone, then.
    }
    entry.reject(remoteError(entry.id, failedReason, stacktrace));
  }

  /** Takes a job out of the pending table; `undefined` when it is not (or no longer) this executor's. */
  private settle(id: string): Pending | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    this.pending.delete(id);
    entry.signal.removeEventListener("abort", entry.onAbort);
    if (this.pending.size === 0) this.drained?.();
    return entry;
  }

  /** The caller gave up: settle now, then take the job off the queue or cancel it where it runs. */
  private abandon(entry: Pending): void {
    if (this.settle(entry.id) === undefined) return;
    entry.abandoned = true;
    entry.reject(entry.signal.reason);
    if (entry.added) this.cancelLater(entry.id);
  }

  private cancelLater(id: string): void {
    const cancelling = this.cancelOnQueue(id).finally(() => this.cancelling.delete(cancelling));
    this.cancelling.add(cancelling);
  }

  private async cancelOnQueue(id: string): Promise<void> {
    try {
      const client = await rawClient(this.queue);
      // Both at once, not one after the other: the remove (atomic on Redis) takes a waiting or
      // delayed job off the queue; an active one is locked and stays, and the message reaches the
      // worker running it. Every round trip saved is run time the job would otherwise waste.
      await Promise.all([this.queue.remove(id), client.runCommand("publish", [cancelChannel(this.prefix, this.queueName), id])]);
    } catch {
      // Redis is gone: the caller has its CancelledError, and a worker that cannot reach Redis
      // loses the job's lock, so nothing stays locked.
    }
  }

  private failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  /** How many jobs were sent and have not settled. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Stops sending jobs, waits for the jobs in flight to settle, then closes the queue, the event
   * stream reader and their Redis connections. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await settledWithin(Promise.all(this.cancelling), this.connectionLostTimeout);
      this.watch.stop();
      const parts: (Queue | QueueEvents)[] = [this.queue];
      if (this.events !== null) parts.push(this.events);
      // BullMQ's own close waits for a Redis that is gone forever: this one drops the connection then.
      await Promise.all(parts.map((part) => closeConnection(part, this.connectionLostTimeout)));
    })();
    return this.closing;
  }

  /** Closes the executor (`await using executor = new BullExecutor(...)`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
