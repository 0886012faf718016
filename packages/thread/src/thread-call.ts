import { CancelledError, describeValue, type ExternalWork, Future, getRunningLoop } from "@tsio/loop";
import { getDefaultExecutor } from "./default-executor.js";
import { ThreadError } from "./errors.js";
import type { Executor } from "./executor.js";
import { functionSource } from "./function-source.js";
import { JobAbort } from "./job-signal.js";
import type { ThreadJob } from "./protocol.js";
import { ThreadPool } from "./thread-pool.js";
import { bufferOf, isTransfer, type TransferableBuffer } from "./transfer.js";

/**
 * Per-call options, passed first: `toThread(options, fn, ...args)` or `method.with(options)(...args)`.
 *
 * @example
 * ```ts
 * const ctrl = new AbortController();
 * const image = { pixels: new Uint8Array(1 << 20), width: 1024 };
 * await toThread({ signal: ctrl.signal, transfer: [image.pixels] }, (img: typeof image) => img.width, image);
 * ```
 */
export interface ThreadCallOptions {
  /** Aborting it abandons the job (dropped if queued, its worker terminated if running) and the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Where to run; the running loop's default pool when omitted or `null`. */
  executor?: Executor | null;
  /** Buffers anywhere inside the arguments to move instead of copy (detached here once the job starts). */
  transfer?: readonly TransferableBuffer[];
}

/** @internal Where a job's code comes from. */
export type JobTarget = { readonly moduleUrl: string; readonly exportName: string };

const NO_TRANSFERS: readonly ArrayBuffer[] = [];

/**
 * A future for one thread job. Cancelling it (which is what cancelling the task awaiting it does)
 * aborts the job at once rather than one loop iteration later.
 */
class ThreadFuture<T> extends Future<T> {
  /** @internal */ _abort = new JobAbort();
  /** @internal */ _work: ExternalWork | null = null;
  /** @internal */ _signal: AbortSignal | undefined = undefined;
  /** @internal */ _onSignal: (() => void) | undefined = undefined;

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._release();
    this._abort.abort(new CancelledError(msg ?? "The thread job was cancelled."));
    return true;
  }

  /** @internal The executor's promise settled (or the call was abandoned). */
  _release(): void {
    if (this._work !== null) {
      this._work.end();
      this._work = null;
    }
    if (this._onSignal !== undefined) {
      this._signal?.removeEventListener("abort", this._onSignal);
      this._onSignal = undefined;
    }
  }

  /** @internal */
  _fulfil(value: unknown): void {
    this._release();
    // Cancelled or aborted already; or the loop is gone and nobody can be waiting any more.
    if (this.done() || this._loop.isClosed()) return;
    this.setResult(value as T);
  }

  /** @internal */
  _fail(err: unknown): void {
    this._release();
    if (this.done() || this._loop.isClosed()) return;
    this.setException(err === undefined ? new ThreadError("The executor rejected the job without a reason.") : err);
  }

  /** @internal The caller's own signal fired. */
  _signalled(signal: AbortSignal): void {
    const reason: unknown = signal.reason ?? new DOMException("This operation was aborted", "AbortError");
    this._fail(reason);
    this._abort.abort(reason);
  }
}

function resolveExecutor(executor: Executor | null | undefined, loop: ReturnType<typeof getRunningLoop>): Executor {
  if (executor === undefined || executor === null) return getDefaultExecutor(loop);
  if (typeof executor !== "object" || typeof (executor as Partial<Executor>).run !== "function") {
    throw new TypeError(
      `executor must be an Executor (a ThreadPool, or any object with run(job, options)), or null for the default pool; got ${describeValue(executor)}.`,
    );
  }
  return executor;
}

function checkOptions(options: ThreadCallOptions): void {
  const { signal, transfer } = options;
  if (signal !== undefined && (typeof signal !== "object" || signal === null || typeof signal.addEventListener !== "function")) {
    throw new TypeError(`options.signal must be an AbortSignal, got ${describeValue(signal)}.`);
  }
  if (transfer !== undefined && !Array.isArray(transfer)) {
    throw new TypeError(`options.transfer must be an array of ArrayBuffers or typed arrays, got ${describeValue(transfer)}.`);
  }
}

/**
 * @internal Sends one job to an executor: a self-contained function (`fn`) or a module export
 * (`target`). The future settles from the executor's promise; the job counts as external work
 * for the loop until then, so a virtual clock waits for it.
 */
export function submitJob<T>(
  executor: Executor | null | undefined,
  fn: unknown,
  what: string,
  args: readonly unknown[],
  options: ThreadCallOptions | undefined,
  target?: JobTarget,
): Future<T> {
  const loop = getRunningLoop();
  const source = target === undefined ? functionSource(fn, what) : undefined;
  if (options !== undefined) checkOptions(options);
  const runner = resolveExecutor(executor, loop);

  // Unwrap transfer() markers: the function receives the value, the buffer goes in the list.
  let sendArgs = args;
  let transferList = NO_TRANSFERS;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!isTransfer(arg)) continue;
    if (sendArgs === args) sendArgs = args.slice();
    (sendArgs as unknown[])[i] = arg.value;
    if (transferList === NO_TRANSFERS) transferList = [];
    (transferList as ArrayBuffer[]).push(bufferOf(arg.value));
  }
  if (options?.transfer !== undefined && options.transfer.length > 0) {
    if (transferList === NO_TRANSFERS) transferList = [];
    for (const item of options.transfer) (transferList as ArrayBuffer[]).push(bufferOf(item));
  }

  const job: ThreadJob =
    source !== undefined
      ? { source: source.source, name: source.name, args: sendArgs }
      : { moduleUrl: target!.moduleUrl, exportName: target!.exportName, args: sendArgs };

  const future = new ThreadFuture<T>(loop);
  const signal = options?.signal;
  if (signal !== undefined) {
    if (signal.aborted) {
      future._signalled(signal);
      return future;
    }
    future._signal = signal;
    future._onSignal = () => future._signalled(signal);
    signal.addEventListener("abort", future._onSignal, { once: true });
  }
  future._work = loop.beginExternalWork();
  const runOptions = { transferList, signal: future._abort };
  if (runner instanceof ThreadPool) {
    runner._dispatch(job, runOptions, future);
    return future;
  }
  let pending: PromiseLike<unknown>;
  try {
    pending = runner.run(job, runOptions);
  } catch (err) {
    future._fail(err);
    return future;
  }
  if (typeof pending?.then !== "function") {
    future._fail(new TypeError(`executor.run() must return a promise, got ${describeValue(pending)}.`));
    return future;
  }
  pending.then(
    (value) => future._fulfil(value),
    (err: unknown) => future._fail(err),
  );
  return future;
}
