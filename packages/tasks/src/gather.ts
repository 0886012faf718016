import {
  type AwaitDescription,
  assertBoolean,
  checkOptions,
  describeAwait,
  type EventLoop,
  Future,
  type FutureObserver,
  getRunningLoop,
  type Runnable,
} from "@tsio/loop";
import { type Awaitable, type AwaitableKind, type AwaitableResult, checkAwaitable, FUTURE, toFuture } from "./awaitable.js";

/**
 * Options for `gather`.
 *
 * @example
 * ```ts
 * const results = await gather([mightFail, () => sleep(1000)], { returnExceptions: true });
 * ```
 */
export interface GatherOptions {
  /**
   * Put each failure (a `CancelledError` for a cancelled child) in its place in the results
   * instead of failing `gather` with the first one. Default `false`.
   */
  returnExceptions?: boolean;
}

/**
 * What `gather` resolves with: one result per awaitable, in the order given. With
 * `{ returnExceptions: true }` each place may hold the error that awaitable failed with (typed as
 * `Error`; a thrown non-`Error` value comes back as it was thrown).
 *
 * @example
 * ```ts
 * type R = GatherResult<[() => Promise<number>, Task<string>]>; // [number, string]
 * type S = GatherResult<[() => Promise<number>], { returnExceptions: true }>; // [number | Error]
 * ```
 */
export type GatherResult<A extends readonly unknown[], O = {}> = {
  -readonly [K in keyof A]: O extends {
    /** Unset or `false`: failures reject `gather`, so no place can hold an error. */
    readonly returnExceptions?: false | undefined;
  }
    ? AwaitableResult<A[K]>
    : AwaitableResult<A[K]> | Error;
};

const PENDING = 0;
const CANCELLED = 2;
const futureCancel = Future.prototype.cancel;
const futureSetException = Future.prototype.setException;
const NOTHING_OWNED = new Uint8Array(0);

/**
 * The future `gather` returns. It observes its children (no handle or closure per child) and
 * schedules itself once on the loop to act, on the iteration where asyncio's per-child callbacks
 * would run: when the last child is done, or when the first one fails or is cancelled.
 */
class GatherFuture extends Future<unknown[]> implements FutureObserver, Runnable {
  _children: Future<unknown>[] = [];
  /** 1 where gather started the child itself (from a function or a promise): only it holds those. */
  _owned: Uint8Array;
  _remaining: number;
  readonly _returnExceptions: boolean;
  /** The first child that failed or was cancelled, when that fails gather. */
  _decisive: Future<unknown> | null = null;
  /** Queued on the loop to act on what its children did. */
  _queued = false;
  /** A gather is never skipped as a cancelled handle. */
  _cancelled = false;
  /** cancel() reached a child: once every child is done, gather ends cancelled. */
  _cancelRequested = false;
  /** The message of that request, which gather ends cancelled with. */
  _requestMessage: string | undefined = undefined;

  constructor(loop: EventLoop, count: number, returnExceptions: boolean) {
    super(loop);
    this._owned = count === 0 ? NOTHING_OWNED : new Uint8Array(count);
    this._remaining = count;
    this._returnExceptions = returnExceptions;
  }

  /**
   * Cancels every child still running, also the tasks and futures passed in, and returns whether
   * any took the request. Like asyncio's, gather itself stays pending until every child is done
   * (their `finally` blocks may await), then ends cancelled; a second call forwards the request
   * again, which cuts the children's clean-up short.
   */
  override cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    // A child's failure already queued (`_decisive`) still decides, as in asyncio, where it would
    // already be set on the outer future. Otherwise the request is noted before the children are
    // cancelled: a future child is done inside its cancel(), and must be counted, not decisive.
    const requested = this._cancelRequested;
    if (this._decisive === null) this._cancelRequested = true;
    let taken = false;
    for (const child of this._children) if (child._state === PENDING && child.cancel(msg)) taken = true;
    // No child took it, so none finished meanwhile: gather is about to end on its own.
    if (!taken) this._cancelRequested = requested;
    else if (this._cancelRequested) this._requestMessage = msg;
    return taken;
  }

  /** The call graph's view: gather waits on its children still pending. */
  override [describeAwait](): AwaitDescription {
    const pending = this._children.filter((child) => child._state === PENDING);
    return { kind: "gather", label: `<gather of ${this._children.length}, ${pending.length} pending>`, awaits: pending };
  }

  _release(): void {
    this._children = [];
    this._owned = NOTHING_OWNED;
  }

  /** @internal A child is done (told synchronously): count it, and queue gather when it must act. */
  _futureDone(child: Future<unknown>): void {
    if (this._state !== PENDING || this._decisive !== null) {
      // gather already failed, was cancelled or is about to: the child's own failure is moot, not lost.
      child._unretrieved = false;
      return;
    }
    if (this._cancelRequested) {
      // Cancelling: wait for every child's clean-up, whatever each one ends with.
      if (--this._remaining === 0) this._queue();
      return;
    }
    if (!this._returnExceptions && (child._state === CANCELLED || child._exception !== undefined)) {
      this._decisive = child;
      this._queue();
      return;
    }
    if (--this._remaining === 0) this._queue();
  }

  private _queue(): void {
    if (this._queued) return;
    this._queued = true;
    if (this._loop.isClosed()) this._run();
    else this._loop._schedule(this);
  }

  /** @internal The loop runs this once gather has something to do. */
  _run(): void {
    this._queued = false;
    const decisive = this._decisive;
    if (this._state !== PENDING) {
      // Cancelled after a child failed: that failure is moot too, not lost.
      if (decisive !== null) decisive._unretrieved = false;
      return;
    }
    if (this._cancelRequested) {
      finishCancelled(this);
      return;
    }
    if (decisive === null) {
      finish(this);
      return;
    }
    // asyncio's rule: a child cancelled by someone else fails gather with that child's
    // CancelledError; gather itself was not cancelled, so it does not report cancelled().
    if (decisive._state === CANCELLED) futureSetException.call(this, decisive._makeCancelledError());
    else {
      decisive._unretrieved = false;
      futureSetException.call(this, decisive._exception);
    }
    cancelOwned(this);
  }
}

/**
 * After the first failure: cancels the children gather started itself. Futures and tasks passed
 * in belong to the caller, who may await them elsewhere, so they run on (as in CPython);
 * cancelling gather itself does cancel them.
 */
function cancelOwned(gather: GatherFuture): void {
  const { _children: children, _owned: owned } = gather;
  gather._release();
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (owned[i] === 1 && child._state === PENDING) child.cancel("gather() cancelled it: another awaitable failed.");
  }
}

/**
 * Every child is done after cancel(): gather ends cancelled. A child that failed with an error of
 * its own while cleaning up keeps that failure unretrieved, so it is reported (a task's when run()
 * ends) rather than lost behind the cancellation, and reported once, not again through gather.
 */
function finishCancelled(gather: GatherFuture): void {
  gather._release();
  futureCancel.call(gather, gather._requestMessage);
}

function finish(gather: GatherFuture): void {
  const children = gather._children;
  // A copy overwritten in place: a fast array of the right length at once, where pushing 200k
  // results grows and copies it again and again (and `new Array(n)` that large is a dictionary).
  const results: unknown[] = children.slice();
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child._state === CANCELLED) results[i] = child._makeCancelledError();
    else if (child._exception !== undefined) {
      child._unretrieved = false;
      results[i] = child._exception;
    } else results[i] = child._result;
  }
  gather._release();
  gather.setResult(results);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { then?: unknown }).then === "function") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isCollection(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Future) &&
    typeof (value as { then?: unknown }).then !== "function" &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function"
  );
}

function readOptions(options: unknown): boolean {
  const { returnExceptions } = checkOptions(options as GatherOptions | undefined, ["returnExceptions"], "gather()");
  if (returnExceptions !== undefined) assertBoolean(returnExceptions, "gather() option returnExceptions");
  return returnExceptions === true;
}

/**
 * Runs awaitables concurrently and resolves with their results in the order given. Functions are
 * started as child tasks, tasks and futures are awaited, promises are awaited as they are. Pass
 * them as arguments, or as one array (or iterable) for large fan-outs: spreading 200k arguments
 * overflows the call stack. Options go last: `gather(a, b, { returnExceptions: true })` or
 * `gather(array, { returnExceptions: true })`.
 *
 * If one awaitable fails, gather fails with that error at once and cancels the other children it
 * started itself (from functions); tsio differs from CPython here, which lets them run on. With
 * `{ returnExceptions: true }` every failure comes back in its place instead. Cancelling the
 * returned future (or the task awaiting it) cancels every child and, as in asyncio, gather ends
 * (cancelled) only once every child is done: their clean-up (`finally` blocks that await) runs to
 * the end first. Cancelling again cuts that clean-up short.
 *
 * @example
 * ```ts
 * const getStock = async (symbol: string) => {
 *   await sleep(300);
 *   return `${symbol}: $150`;
 * };
 * const [a, g] = await gather(() => getStock("AAPL"), () => getStock("GOOG"));
 * const all = await gather(symbols.map((s) => () => getStock(s)));
 * ```
 */
export function gather<const A extends readonly Awaitable<unknown>[], const O extends GatherOptions = {}>(
  awaitables: A,
  options?: O,
): Future<GatherResult<A, O>>;
export function gather<I extends Awaitable<unknown>, const O extends GatherOptions = {}>(
  awaitables: Iterable<I>,
  options?: O,
): Future<GatherResult<I[], O>>;
export function gather<const A extends readonly Awaitable<unknown>[], const O extends GatherOptions>(
  ...args: [...A, O]
): Future<GatherResult<A, O>>;
export function gather<const A extends readonly Awaitable<unknown>[]>(...awaitables: A): Future<GatherResult<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let items: readonly unknown[];
  let inIterable: boolean;
  let returnExceptions: boolean;
  const first = args[0];
  if (args.length <= 2 && isCollection(first)) {
    items = Array.isArray(first) ? first : Array.from(first);
    inIterable = true;
    returnExceptions = readOptions(args[1]);
  } else {
    returnExceptions = args.length > 0 && isPlainObject(args[args.length - 1]) ? readOptions(args.pop()) : false;
    items = args;
    inIterable = false;
  }
  const loop = getRunningLoop();
  const count = items.length;
  // Check everything before starting anything: a bad item must not leave half the work running.
  const kinds = new Uint8Array(count);
  for (let i = 0; i < count; i++) kinds[i] = checkAwaitable(items[i], loop, "gather", inIterable ? i : i + 1, inIterable);
  const out = new GatherFuture(loop, count, returnExceptions);
  if (count === 0) {
    out.setResult([]);
    return out;
  }
  // Sized at once (see finish); every slot is overwritten with its future below.
  const children = items.slice() as Future<unknown>[];
  out._children = children;
  const owned = out._owned;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i] as AwaitableKind;
    const child = kind === FUTURE ? (items[i] as Future<unknown>) : toFuture(items[i], kind, loop);
    if (kind !== FUTURE) {
      owned[i] = 1;
      children[i] = child;
    }
    child._addCallback(out, undefined);
  }
  return out;
}
