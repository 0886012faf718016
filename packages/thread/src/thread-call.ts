import { CancelledError, checkOptions, describeValue, type EventLoop, type ExternalWork, Future, getRunningLoop } from "@tsio/loop";
import { getDefaultExecutor } from "./default-executor.js";
import { ThreadError } from "./errors.js";
import type { Executor } from "./executor.js";
import { functionSource } from "./function-source.js";
import type { JobCode } from "./job-code.js";
import { JobAbort } from "./job-signal.js";
import { DIRECT_DISPATCH, isDirectExecutor, type PoolJob } from "./pool-job.js";
import { SOURCE_CODE, type ThreadJob } from "./protocol.js";
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

const NO_TRANSFERS: readonly ArrayBuffer[] = [];
const NO_ARGS: readonly unknown[] = [];

/**
 * A future for one thread job, and the job itself as a direct executor runs it (`PoolJob`), so a
 * call allocates no separate job record. Cancelling it (which is what cancelling the task
 * awaiting it does) aborts the job at once rather than one loop iteration later.
 */
class ThreadFuture<T> extends Future<T> implements PoolJob {
  /** @internal */ readonly _code: JobCode;
  /** @internal Dropped once the job settles, so a future kept around does not keep them alive. */
  _args: readonly unknown[];
  /** @internal */ _transferList: readonly ArrayBuffer[];
  /** @internal What the executor watches: fires on cancel() or when the caller's signal aborts. */
  readonly _jobSignal: JobAbort;
  /** @internal */ _work: ExternalWork | null;
  /** @internal The caller's own `signal` option, and the listener added to it. */
  _callerSignal: AbortSignal | undefined;
  /** @internal */ _onSignal: (() => void) | undefined;

  constructor(loop: EventLoop, code: JobCode, args: readonly unknown[], transferList: readonly ArrayBuffer[]) {
    super(loop);
    this._code = code;
    this._args = args;
    this._transferList = transferList;
    this._jobSignal = new JobAbort();
    this._work = null;
    this._callerSignal = undefined;
    this._onSignal = undefined;
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._release();
    this._jobSignal.abort(new CancelledError(msg ?? "The thread job was cancelled."));
    return true;
  }

  /** @internal The executor's promise settled (or the call was abandoned). */
  _release(): void {
    this._args = NO_ARGS;
    this._transferList = NO_TRANSFERS;
    if (this._work !== null) {
      this._work.end();
      this._work = null;
    }
    if (this._onSignal !== undefined) {
      this._callerSignal?.removeEventListener("abort", this._onSignal);
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
    this._jobSignal.abort(reason);
  }
}

/** The job as the `Executor` interface shows it, for executors other than a `ThreadPool`. */
function publicJob(code: JobCode, args: readonly unknown[]): ThreadJob {
  return code.kind === SOURCE_CODE
    ? { source: code.text, name: code.name, args }
    : { moduleUrl: code.text, exportName: code.name, args };
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

function checkCallOptions(options: ThreadCallOptions): void {
  const { signal, transfer } = checkOptions(options, ["signal", "executor", "transfer"], "toThread(options, fn)");
  if (signal !== undefined && (typeof signal !== "object" || signal === null || typeof signal.addEventListener !== "function")) {
    throw new TypeError(`options.signal must be an AbortSignal, got ${describeValue(signal)}.`);
  }
  if (transfer !== undefined && !Array.isArray(transfer)) {
    throw new TypeError(`options.transfer must be an array of ArrayBuffers or typed arrays, got ${describeValue(transfer)}.`);
  }
  // Checked here: piscina would fail to post the job and the worker would look as if it crashed.
  transfer?.forEach((item: unknown, i) => {
    const buffer = ArrayBuffer.isView(item) ? item.buffer : item;
    if (!(buffer instanceof ArrayBuffer)) {
      throw new TypeError(
        `options.transfer[${i}] must be an ArrayBuffer or a typed array over one, got ${describeValue(item)} (a SharedArrayBuffer is shared already: leave it out of the list).`,
      );
    }
  });
}

/**
 * @internal Sends one job to an executor: a self-contained function (`fn`) or, when `code` is
 * given, a module export. The future settles from the executor's promise; the job counts as
 * external work for the loop until then, so a virtual clock waits for it.
 */
export function submitJob<T>(
  executor: Executor | null | undefined,
  fn: unknown,
  what: string,
  args: readonly unknown[],
  options: ThreadCallOptions | undefined,
  code?: JobCode,
): Future<T> {
  const loop = getRunningLoop();
  const jobCode = code ?? functionSource(fn, what).code;
  if (options !== undefined) checkCallOptions(options);
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

  const future = new ThreadFuture<T>(loop, jobCode, sendArgs, transferList);
  const signal = options?.signal;
  if (signal !== undefined) {
    if (signal.aborted) {
      future._signalled(signal);
      return future;
    }
    future._callerSignal = signal;
    future._onSignal = () => future._signalled(signal);
    signal.addEventListener("abort", future._onSignal, { once: true });
  }
  future._work = loop.beginExternalWork();
  if (isDirectExecutor(runner)) {
    runner[DIRECT_DISPATCH](future);
    return future;
  }
  let pending: PromiseLike<unknown>;
  try {
    pending = runner.run(publicJob(jobCode, sendArgs), { transferList, signal: future._jobSignal });
  } catch (err) {
    future._fail(err);
    return future;
  }
  if (typeof pending?.then !== "function") {
    future._fail(new TypeError(`executor.run() must return a promise, got ${describeValue(pending)}.`));
    return future;
  }
  try {
    pending.then(
      (value) => future._fulfil(value),
      (err: unknown) => future._fail(err),
    );
  } catch (err) {
    // A thenable whose then() throws can never settle the job: fail it, which ends its external work.
    future._fail(err);
  }
  return future;
}
