import type { ResourceLimits } from "node:worker_threads";
import { assertDelay, checkOptions, describeValue, InvalidStateError, tryGetRunningLoop } from "@tsio/loop";
import { Piscina } from "piscina";
import { ThreadError, ThreadPoolFullError } from "./errors.js";
import type { Executor, ExecutorRunOptions } from "./executor.js";
import { type JobCode, moduleCode, sourceCode } from "./job-code.js";
import { describeJob, explainFailure } from "./job-failure.js";
import { JobQueue } from "./job-queue.js";
import { JobAbort, } from "./job-signal.js";
import { DIRECT_DISPATCH, type DirectExecutor, type PoolJob } from "./pool-job.js";
import { NEED_CODE_MARK, type ThreadJob, type WireJob } from "./protocol.js";
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

interface Waiting {
  readonly job: PoolJob;
  dropped: boolean;
  onAbort: (() => void) | null;
}

const NO_TRANSFERS: readonly ArrayBuffer[] = [];
/** Past this many distinct codes, the record of which were taught starts over (a few resends). */
const MAX_TAUGHT = 10_000;

function isNeedCode(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as Record<string, unknown>)[NEED_CODE_MARK] === true;
}

function codeOfJob(job: ThreadJob): JobCode {
  if (typeof job !== "object" || job === null || !Array.isArray(job.args)) {
    throw new TypeError(`ThreadPool.run(job): job must be a ThreadJob ({ source, name, args } or { moduleUrl, exportName, args }), got ${describeValue(job)}.`);
  }
  if (typeof job.source === "string") return sourceCode(job.source, typeof job.name === "string" ? job.name : "");
  if (typeof job.moduleUrl === "string" && typeof job.exportName === "string") return moduleCode(job.moduleUrl, job.exportName);
  throw new TypeError("ThreadPool.run(job): job needs a string source, or a string moduleUrl and exportName.");
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
export class ThreadPool implements Executor, DirectExecutor {
  /** The pool's name, for diagnostics (`ThreadPool` unless one was given). */
  readonly name: string;
  /** The most jobs that may wait for a thread (`Infinity`: no limit). */
  readonly maxQueue: number;
  private readonly piscina: Piscina;
  /** The pool's thread limit: piscina runs at most this many jobs at once. */
  private readonly threads: number;
  /**
   * Threads started and not stopped, from piscina's events. Once all are up, one job more than
   * the threads is handed over, so that piscina starts it the moment a thread frees up instead of
   * a microtask later; while threads are starting or replaced, piscina's side queue (which it may
   * reorder) is left at what it held before.
   */
  private liveThreads = 0;
  /** Whether a job may wait inside piscina: it counts against maxQueue like any waiting job. */
  private readonly prefetch: boolean;
  private readonly waiting = new JobQueue<Waiting>();
  /** How many times each code id was posted with its text: once per thread, then by id alone. */
  private readonly taught = new Map<number, number>();
  private running = 0;
  private state: typeof OPEN | typeof CLOSING | typeof CLOSED = OPEN;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: ThreadPoolOptions = {}) {
    checkOptions(options, ["minThreads", "maxThreads", "idleTimeout", "maxQueue", "resourceLimits", "name"], "new ThreadPool()");
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
      // piscina's run/wait-time histograms cost two clock reads and two records per job, and the
      // pool never shows them.
      recordTiming: false,
    });
    this.threads = this.piscina.maxThreads;
    this.prefetch = maxQueue > 0;
    this.piscina.on("workerCreate", () => {
      this.liveThreads++;
    });
    this.piscina.on("workerDestroy", () => {
      // A thread that dies before it is up is counted out too: undercounting only skips a prefetch.
      if (this.liveThreads > 0) this.liveThreads--;
    });
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
      const code = codeOfJob(job);
      this[DIRECT_DISPATCH]({
        _code: code,
        _args: job.args,
        _transferList: options?.transferList ?? NO_TRANSFERS,
        _jobSignal: options?.signal ?? new JobAbort(),
        _fulfil: resolve,
        _fail: reject,
      });
    });
  }

  /**
   * @internal `run()` without a promise of its own: `toThread` settles its future straight from
   * piscina's promise, one promise and one microtask less per call.
   *
   * The pool keeps its own first-in first-out queue and hands piscina a job only when a thread is
   * free (or, with every thread busy, the single next one). piscina's own queue does not keep
   * abortable jobs in order (they go to a side queue, at the front or rotated), and does not count
   * them against its maxQueue.
   */
  [DIRECT_DISPATCH](job: PoolJob): void {
    if (this.state !== OPEN) {
      job._fail(
        new InvalidStateError("ThreadPool is closed: it takes no new jobs. Create a new ThreadPool (or use the default one)."),
      );
      return;
    }
    const signal = job._jobSignal;
    if (signal.aborted) {
      job._fail(signal.reason);
      return;
    }
    if (this.running < this.threads) {
      this.inFlight++;
      this.start(job);
      return;
    }
    if (this.queueSize >= this.maxQueue) {
      job._fail(new ThreadPoolFullError(this.maxQueue));
      return;
    }
    this.inFlight++;
    if (this.waiting.size === 0 && this.running < this.handOffLimit()) {
      this.start(job);
      return;
    }
    const entry: Waiting = { job, dropped: false, onAbort: null };
    entry.onAbort = () => {
      if (entry.dropped) return;
      this.waiting.remove(entry);
      this.settled();
      job._fail(signal.reason);
    };
    signal.addEventListener("abort", entry.onAbort, { once: true });
    this.waiting.push(entry);
  }

  private start(job: PoolJob): void {
    this.running++;
    const code = job._code;
    // A job with buffers to move always carries its code: a resend could not move them again.
    const byId = job._transferList.length === 0 && (this.taught.get(code.id) ?? 0) >= this.threads;
    this.post(job, byId);
  }

  private post(job: PoolJob, byId: boolean): void {
    const code = job._code;
    let wire: WireJob;
    if (byId) {
      wire = [code.id, job._args];
    } else {
      wire = [code.id, job._args, code.kind, code.text, code.name];
      if (this.taught.size >= MAX_TAUGHT) this.taught.clear();
      this.taught.set(code.id, (this.taught.get(code.id) ?? 0) + 1);
    }
    const signal = job._jobSignal;
    this.piscina.run(wire, { signal, transferList: job._transferList as ArrayBuffer[] }).then(
      (result: unknown) => {
        this.running--;
        this.settled();
        this.pump();
        job._fulfil(result);
      },
      (err: unknown) => {
        if (byId && isNeedCode(err) && !signal.aborted && this.state !== CLOSED) {
          // That thread has not seen this code (new, replacing, or it evicted it): teach it.
          this.post(job, false);
          return;
        }
        this.running--;
        this.settled();
        this.pump();
        if (signal.aborted) job._fail(signal.reason);
        else if (isNeedCode(err)) job._fail(new ThreadError(`${describeJob(code)} did not finish: its thread pool was destroyed.`));
        else job._fail(explainFailure(err, code, job._args));
      },
    );
  }

  /** How many jobs piscina may hold: one per thread, and one more once every thread is up. */
  private handOffLimit(): number {
    return this.prefetch && this.liveThreads >= this.threads ? this.threads + 1 : this.threads;
  }

  /** Hands waiting jobs to piscina while it has room. */
  private pump(): void {
    while (this.running < this.handOffLimit() && this.state !== CLOSED) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      if (next.onAbort !== null) next.job._jobSignal.removeEventListener("abort", next.onAbort);
      this.start(next.job);
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
      if (entry.onAbort !== null) entry.job._jobSignal.removeEventListener("abort", entry.onAbort);
      this.settled();
      entry.job._fail(new ThreadError(`${describeJob(entry.job._code)} did not start: its thread pool was destroyed.`));
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
    // Jobs handed over beyond the thread count wait inside piscina.
    return this.waiting.size + (this.running > this.threads ? this.running - this.threads : 0);
  }

  /** How many accepted jobs have not settled yet (running or waiting). */
  get pending(): number {
    return this.inFlight;
  }

  /** The thread limits in force (after defaults were applied). */
  get limits(): {
    /** Threads kept alive even when idle. */
    readonly minThreads: number;
    /** The most threads the pool starts. */
    readonly maxThreads: number;
  } {
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
