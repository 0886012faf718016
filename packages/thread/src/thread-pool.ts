import type { ResourceLimits } from "node:worker_threads";
import { assertDelay, describeValue, InvalidStateError, tryGetRunningLoop } from "@tsio/loop";
import { Piscina } from "piscina";
import { ThreadError, ThreadPoolFullError } from "./errors.js";
import type { Executor, ExecutorRunOptions } from "./executor.js";
import { describeJob, explainFailure } from "./job-failure.js";
import { JobQueue } from "./job-queue.js";
import type { ThreadJob } from "./protocol.js";
import { workerFile } from "./worker-location.js";

/**
 * Sizing and limits of a `ThreadPool`; every field is optional.
 *
 * @example
 * ```ts
 * const options: ThreadPoolOptions = { maxThreads: 4, idleTimeout: 30_000, maxQueue: 100 };
 * ```
 */
export interface ThreadPoolOptions {
  /** Threads kept alive even when idle. Default: half the CPUs (at least 1), capped by `maxThreads`. */
  minThreads?: number;
  /** The most threads running at once. Default: 1.5 × the CPUs. */
  maxThreads?: number;
  /** How long (ms) a thread above `minThreads` may sit idle before it is stopped. Default 10 000. */
  idleTimeout?: number;
  /** How many jobs may wait for a thread; one more fails with `ThreadPoolFullError`. Default: no limit. */
  maxQueue?: number;
  /** Per-thread V8 limits; a thread that exceeds them fails its job with `WorkerCrashError`. */
  resourceLimits?: ResourceLimits;
  /** A name for the pool, shown in diagnostics. */
  name?: string;
}

/** @internal Where a dispatched job's outcome goes. */
export interface JobSink {
  _fulfil(value: unknown): void;
  _fail(error: unknown): void;
}

interface Waiting {
  readonly job: ThreadJob;
  readonly options: ExecutorRunOptions;
  readonly sink: JobSink;
  dropped: boolean;
  onAbort: (() => void) | null;
}

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

function assertCount(value: unknown, what: string, min: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${describeValue(value)}.`);
  }
  if (value < min) throw new RangeError(`${what} must be at least ${min}, got ${value}.`);
}

/**
 * A pool of worker threads (piscina underneath) that runs `toThread`, `threadModule` and
 * `runInExecutor` jobs. The default pool is created for you; build one to size it, to cap its
 * queue, or to give CPU-heavy work its own threads, and pass it as `executor`.
 *
 * `close()` stops taking jobs, lets every accepted one finish, then stops the threads;
 * `destroy()` stops them at once and fails whatever was queued or running.
 *
 * @example
 * ```ts
 * const pool = new ThreadPool({ maxThreads: 2, maxQueue: 10 });
 * try {
 *   const n = await runInExecutor(pool, (a: number, b: number) => a * b, 6, 7); // 42
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class ThreadPool implements Executor {
  /** The pool's name, for diagnostics (`ThreadPool` unless one was given). */
  readonly name: string;
  /** The most jobs that may wait for a thread (`Infinity`: no limit). */
  readonly maxQueue: number;
  private readonly piscina: Piscina;
  /** Jobs handed to piscina at once: one per thread, so piscina itself never queues. */
  private readonly capacity: number;
  private readonly waiting = new JobQueue<Waiting>();
  private running = 0;
  private state: typeof OPEN | typeof CLOSING | typeof CLOSED = OPEN;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: ThreadPoolOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`new ThreadPool(options): options must be an object, got ${describeValue(options)}.`);
    }
    const { minThreads, maxThreads, idleTimeout = 10_000, maxQueue = Number.POSITIVE_INFINITY } = options;
    if (minThreads !== undefined) assertCount(minThreads, "ThreadPool minThreads", 0);
    if (maxThreads !== undefined) assertCount(maxThreads, "ThreadPool maxThreads", 1);
    if (minThreads !== undefined && maxThreads !== undefined && minThreads > maxThreads) {
      throw new RangeError(`ThreadPool minThreads (${minThreads}) must not exceed maxThreads (${maxThreads}).`);
    }
    assertDelay(idleTimeout, "ThreadPool idleTimeout");
    if (maxQueue !== Number.POSITIVE_INFINITY) assertCount(maxQueue, "ThreadPool maxQueue", 0);
    if (options.resourceLimits !== undefined && (typeof options.resourceLimits !== "object" || options.resourceLimits === null)) {
      throw new TypeError(`ThreadPool resourceLimits must be an object, got ${describeValue(options.resourceLimits)}.`);
    }
    this.maxQueue = maxQueue;
    // Not passed on: piscina's own `name` selects which export of the worker file handles jobs.
    this.name = options.name ?? "ThreadPool";
    this.piscina = new Piscina({
      filename: workerFile(),
      ...(minThreads !== undefined ? { minThreads } : {}),
      ...(maxThreads !== undefined ? { maxThreads } : {}),
      ...(options.resourceLimits !== undefined ? { resourceLimits: options.resourceLimits } : {}),
      idleTimeout,
    });
    this.capacity = this.piscina.maxThreads;
    // piscina emits "error" for a worker that fails with no job on it; unheard, that would crash
    // the process.
    this.piscina.on("error", (err: unknown) => {
      const loop = tryGetRunningLoop();
      if (loop !== null) loop.callExceptionHandler({ message: "A ThreadPool worker failed outside any job", exception: err });
      else process.emitWarning(`A ThreadPool worker failed outside any job: ${String(err)}`);
    });
  }

  /** Runs one job (the `Executor` contract): resolves with its result or rejects with its error. */
  run(job: ThreadJob, options: ExecutorRunOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this._dispatch(job, options, { _fulfil: resolve, _fail: reject });
    });
  }

  /**
   * @internal `run()` without a promise of its own: `toThread` settles its future straight from
   * piscina's promise, one promise and one microtask less per call.
   *
   * The pool keeps its own first-in first-out queue and hands piscina a job only when a thread is
   * free. piscina's own queue does not keep abortable jobs in order (they go to a side queue, at
   * the front or rotated), and does not count them against its maxQueue.
   */
  _dispatch(job: ThreadJob, options: ExecutorRunOptions, sink: JobSink): void {
    if (this.state !== OPEN) {
      sink._fail(
        new InvalidStateError("ThreadPool is closed: it takes no new jobs. Create a new ThreadPool (or use the default one)."),
      );
      return;
    }
    const { signal } = options;
    if (signal.aborted) {
      sink._fail(signal.reason);
      return;
    }
    if (this.running < this.capacity) {
      this.inFlight++;
      this.start(job, options, sink);
      return;
    }
    if (this.waiting.size >= this.maxQueue) {
      sink._fail(new ThreadPoolFullError(this.maxQueue));
      return;
    }
    this.inFlight++;
    const entry: Waiting = { job, options, sink, dropped: false, onAbort: null };
    entry.onAbort = () => {
      if (entry.dropped) return;
      this.waiting.remove(entry);
      this.settled();
      sink._fail(signal.reason);
    };
    signal.addEventListener("abort", entry.onAbort, { once: true });
    this.waiting.push(entry);
  }

  private start(job: ThreadJob, options: ExecutorRunOptions, sink: JobSink): void {
    this.running++;
    const { signal } = options;
    this.piscina.run(job, { signal, transferList: options.transferList as ArrayBuffer[] }).then(
      (result: unknown) => {
        this.running--;
        this.settled();
        this.pump();
        sink._fulfil(result);
      },
      (err: unknown) => {
        this.running--;
        this.settled();
        this.pump();
        sink._fail(signal.aborted ? signal.reason : explainFailure(err, job));
      },
    );
  }

  /** Starts waiting jobs while threads are free. */
  private pump(): void {
    while (this.running < this.capacity && this.state !== CLOSED) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      if (next.onAbort !== null) next.options.signal.removeEventListener("abort", next.onAbort);
      this.start(next.job, next.options, next.sink);
    }
  }

  private settled(): void {
    if (--this.inFlight === 0 && this.drained !== null) this.drained();
  }

  /**
   * Stops taking jobs, waits for every accepted job (running or queued) to finish, then stops the
   * threads. Idempotent: later calls return the same promise.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    if (this.state === CLOSED) return Promise.resolve();
    this.state = CLOSING;
    const drained =
      this.inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.drained = resolve;
          });
    this.closing = drained.then(() => this.stopThreads());
    return this.closing;
  }

  /**
   * Stops every thread now: running jobs are interrupted and they and queued jobs fail with a
   * `ThreadError`. The pool takes no new jobs afterwards.
   */
  async destroy(): Promise<void> {
    this.state = CLOSED;
    for (const entry of this.waiting.drain()) {
      if (entry.onAbort !== null) entry.options.signal.removeEventListener("abort", entry.onAbort);
      this.settled();
      entry.sink._fail(new ThreadError(`${describeJob(entry.job)} did not start: its thread pool was destroyed.`));
    }
    await this.piscina.destroy();
  }

  private async stopThreads(): Promise<void> {
    this.state = CLOSED;
    await this.piscina.destroy();
  }

  /** Whether `close()` or `destroy()` was called. */
  get closed(): boolean {
    return this.state !== OPEN;
  }

  /** How many worker threads exist right now (busy, idle or starting). */
  get threadCount(): number {
    return this.piscina.threads.length;
  }

  /** How many jobs are waiting for a thread. */
  get queueSize(): number {
    return this.waiting.size;
  }

  /** How many accepted jobs have not settled yet (running or waiting). */
  get pending(): number {
    return this.inFlight;
  }

  /** The thread limits in force (after defaults were applied). */
  get limits(): { readonly minThreads: number; readonly maxThreads: number } {
    return { minThreads: this.piscina.minThreads, maxThreads: this.piscina.maxThreads };
  }

  /** Closes the pool (`await using pool = new ThreadPool()`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** A short description for logs. */
  toString(): string {
    const state = this.state === OPEN ? "open" : this.state === CLOSING ? "closing" : "closed";
    return `<${this.name} ${state} threads=${this.threadCount} pending=${this.inFlight}>`;
  }
}
