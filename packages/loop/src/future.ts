import { runAwaitHook } from "./await-hook.js";
import { type AwaitDescription, describeAwait } from "./describe-await.js";
import { CancelledError, EventLoopError, InvalidStateError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import type { HandleOwner, Runnable } from "./handle.js";
import { getRunningLoop, tryGetRunningLoop } from "./running-loop.js";
import { assertFunction, describeValue } from "./validate.js";

const PENDING = 0;
const FINISHED = 1;
const CANCELLED = 2;
/** Finished with an exception, which `_result` holds: one field less per future than a separate slot. */
const FAILED = 3;
type State = typeof PENDING | typeof FINISHED | typeof CANCELLED | typeof FAILED;

/** A callback run (through the loop) once a future is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** What `then` returns when its caller is the `await` machinery, which never looks at it. */
const UNUSED_RESULT: Promise<never> = new Promise<never>(() => {});
/** How the engine prints a promise's resolving function: native code with no name. */
const NATIVE_ANONYMOUS: string = Function.prototype.toString.call(capturedResolver());

function capturedResolver(): (value: unknown) => void {
  let captured!: (value: unknown) => void;
  new Promise<unknown>((res) => {
    captured = res;
  });
  return captured;
}

const functionToString = Function.prototype.toString;

/** What a promise's resolving function looks like without reading its source: anonymous, one parameter. */
function resolvingShape(fn: unknown): fn is (value: unknown) => void {
  return typeof fn === "function" && fn.name === "" && fn.length === 1;
}

/**
 * Whether `then` was called with a promise's own resolving functions (an `await`, or a promise
 * adopting the future) rather than with callbacks. Both must have the shape; only the first one's
 * source is read, which tells native code from a user's function (`fut.then(v => ..., e => ...)`
 * fails there). Reading the source allocates a string, and an await costs one such read, not two.
 * A user's own resolving function passed as `onFulfilled` (`fut.then(resolve, (e) => ...)`) counts
 * as adopting the future, as `fut.then(resolve, reject)` always did.
 */
function isAwaitCall(onFulfilled: unknown, onRejected: unknown): onFulfilled is (value: unknown) => void {
  return resolvingShape(onFulfilled) && resolvingShape(onRejected) && functionToString.call(onFulfilled) === NATIVE_ANONYMOUS;
}

/**
 * Told synchronously, inside `setResult` / `setException` / `cancel`, that a future it watches is
 * done. It must not throw, and it schedules on the loop whatever it does in response: that keeps
 * the "callbacks run through the loop" rule while sparing a handle per watched future (a `gather`
 * of 200k children schedules itself once, not 200k times).
 *
 * @example
 * ```ts
 * const watcher: FutureObserver = { _futureDone: (f) => { finished.push(f); wakeOnce(); } };
 * future._addCallback(watcher, undefined);
 * ```
 */
export interface FutureObserver {
  /** @internal */
  _futureDone(future: Future<unknown>): void;
}

/** Stored loosely typed so that `Future<T>` stays assignable to `Future<unknown>`. */
type StoredCallback = ((future: never) => void) | ThenReaction | FutureObserver;

interface CallbackEntry {
  fn: StoredCallback;
  owner: HandleOwner | undefined;
}

/** Whether a future's `_callbacks` holds a list of entries rather than one callback stored as it is. */
function isCallbackList(callbacks: StoredCallback | CallbackEntry[]): callbacks is CallbackEntry[] {
  return Array.isArray(callbacks);
}

/**
 * One `then()` registration, holding the resolving functions of a promise. It is its own loop
 * item, so an `await` costs no handle and no closure.
 */
class ThenReaction implements Runnable {
  /** Never skipped; on the prototype, so no reaction carries the field (one per `await`). */
  declare _cancelled: boolean;
  /** Resumes an `await` (or a promise adopting the future), not a `then()` the caller chains on. */
  declare readonly isAwait: boolean;
  constructor(
    readonly future: Future<unknown>,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
    readonly owner: HandleOwner | undefined,
  ) {}

  _run(): void {
    const fut = this.future;
    if (this.isAwait && this.owner?._interruptAwait !== undefined) {
      // A cancel() that reached the awaiting task after this wake-up was scheduled is raised at
      // this await, where asyncio's Task.__step raises it, rather than at the next one.
      const interrupt = this.owner._interruptAwait(fut);
      if (interrupt !== undefined) {
        this.reject(interrupt);
        return;
      }
    }
    if (fut._state === FINISHED) {
      this.resolve(fut._result);
      return;
    }
    fut._unretrieved = false;
    this.reject(fut._state === CANCELLED ? fut._makeCancelledError() : fut._result);
  }

  toString(): string {
    return `<await ${this.owner !== undefined ? String(this.owner) : this.future.toString()}>`;
  }
}

ThenReaction.prototype._cancelled = false;
(ThenReaction.prototype as { isAwait: boolean }).isAwait = true;

/** The reaction of a `then(callback)` the caller chains on: its code goes on at once. */
class ChainedReaction extends ThenReaction {}
(ChainedReaction.prototype as { isAwait: boolean }).isAwait = false;

/**
 * A result that is not there yet, bound to one event loop. Done callbacks always run through the
 * loop, in the order they were added, also when added after completion. A future is a thenable,
 * so `await future` works in any async function, and awaiting it inside a task is what lets
 * `task.cancel()` interrupt that `await`.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<string>();
 * loop.callLater(100, () => fut.setResult("ready"));
 * console.log(await fut); // "ready", 100 ms later
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal */ _state: State = PENDING;
  /**
   * @internal The result; once failed, the exception; once cancelled, the cancellation message
   * (one field for the three: a future holds only one of them).
   */
  _result: T | undefined = undefined;
  /**
   * @internal The callbacks, in order: one with no owner is stored as it is (most futures only ever
   * have one waiter, and an `await` carries its owner in its reaction), more than one (or one with
   * an owner) as a list of entries. One field for both: every future, task and sleep is a word smaller.
   */
  _callbacks: StoredCallback | CallbackEntry[] | null = null;
  /** @internal Set when an exception is stored and cleared when anyone looks at it. */
  _unretrieved = false;
  /**
   * @internal A clean-up wait that a cancelled `CancelScope` (of `@tsio/tasks`) does not
   * interrupt: a TaskGroup waiting for its cancelled tasks, a Condition taking its lock back. The
   * scope can only unwind once such a wait is over; raising at it again and again would spin.
   * Declared, not initialised: most futures never carry it.
   */
  declare _scopeExempt?: boolean;
  /**
   * @internal Set on a waiter whose wake-up completed an exchange that cannot be undone (a channel
   * receiver took the waiting sender's item): a cancellation requested meanwhile must not raise at
   * this await, or the sender would fail a send that happened; it waits for the task's next await.
   */
  declare _keepWake?: boolean;
  /** @internal */ readonly _loop: EventLoop;

  /** Creates a pending future on `loop`, or on the running loop when omitted. */
  constructor(loop?: EventLoop) {
    if (loop !== undefined && typeof (loop as Partial<EventLoop>)?._schedule !== "function") {
      throw new TypeError(`new Future(loop): loop must be an EventLoop (or omitted for the running one), got ${describeValue(loop)}.`);
    }
    this._loop = loop ?? getRunningLoop();
  }

  /** @internal The exception the future failed with, or `undefined`. */
  get _exception(): unknown {
    return this._state === FAILED ? this._result : undefined;
  }

  /** @internal The message `cancel(msg)` was given, kept in `_result` (a cancelled future has no result). */
  get _cancelMessage(): string | undefined {
    return this._state === CANCELLED ? (this._result as string | undefined) : undefined;
  }

  /** The loop this future belongs to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** Whether the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** Whether the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws `InvalidStateError` while pending, `CancelledError` if cancelled, and the
   * stored exception if one was set.
   */
  result(): T {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state === PENDING) throw new InvalidStateError("Result is not ready: the future is still pending.");
    this._unretrieved = false;
    if (this._state === FAILED) throw this._result;
    return this._result as T;
  }

  /**
   * The stored exception, or `undefined` if the future succeeded. Throws `InvalidStateError` while
   * pending and `CancelledError` if cancelled.
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state === PENDING) {
      throw new InvalidStateError("Exception is not set: the future is still pending.");
    }
    this._unretrieved = false;
    return this._state === FAILED ? this._result : undefined;
  }

  /** Completes the future with `value`. Throws `InvalidStateError` if it is already done. */
  setResult(value: T): void {
    if (this._state !== PENDING) throw this._alreadyDone("setResult");
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Fails the future with `error`. Throws `InvalidStateError` if it is already done, and
   * `TypeError` for `undefined` (it could not be told apart from success); cancel with `cancel()`.
   */
  setException(error: unknown): void {
    if (this._state !== PENDING) throw this._alreadyDone("setException");
    if (error === undefined) {
      throw new TypeError("setException(undefined) is not allowed: pass an Error describing the failure.");
    }
    this._result = error as T;
    this._unretrieved = true;
    this._state = FAILED;
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future and schedules its callbacks. Returns `false` if it was already done.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._result = msg as T | undefined;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Runs `fn(this)` through the loop once the future is done (at once, on the next iteration, if it
   * already is). Callbacks run in the order they were added.
   */
  addDoneCallback(fn: DoneCallback<T>): void {
    assertFunction(fn, "addDoneCallback(fn): fn");
    this._addCallback(fn, undefined);
  }

  /** Removes every registration of `fn`; returns how many were removed. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    const all = this._takeCallbacks();
    const kept = all.filter((entry) => entry.fn !== fn);
    for (const entry of kept) this._addCallback(entry.fn as DoneCallback<T>, entry.owner);
    return all.length - kept.length;
  }

  /**
   * Makes the future awaitable. Inside a task this registers the task's waiter, so cancelling the
   * task cancels this `await`.
   */
  // biome-ignore lint/suspicious/noThenProperty: a Future is deliberately a thenable.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // Only this future's loop can wake its awaiters: awaited while another loop runs, the await
    // would never resume (that loop is idle or closed), so it fails here instead. One comparison
    // on the hot path; the null test runs only when the loops differ.
    const running = tryGetRunningLoop();
    if (running !== this._loop && running !== null) throw foreignAwaitError(this, running);
    const isAwait = isAwaitCall(onFulfilled, onRejected);
    const owner = runAwaitHook(this, isAwait);
    if (isAwait) {
      // `await future` and promise adoption call `then` with a promise's own resolving functions
      // and ignore what it returns; skipping that promise saves its allocation (and, once
      // AsyncLocalStorage is active, Node's per-promise bookkeeping) on every await.
      this._addCallback(new ThenReaction(this as Future<unknown>, onFulfilled, onRejected as (reason: unknown) => void, owner), undefined);
      return UNUSED_RESULT as Promise<R1 | R2>;
    }
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const settled = new Promise<T>((res, rej) => {
      resolve = res as (value: unknown) => void;
      reject = rej;
    });
    this._addCallback(new ChainedReaction(this as Future<unknown>, resolve, reject, owner), undefined);
    // The native `then` runs the callbacks in the async context of this call, as for any promise.
    return onFulfilled == null && onRejected == null
      ? (settled as Promise<R1 | R2>)
      : settled.then(onFulfilled, onRejected);
  }

  /** Like `Promise#catch`. */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  /** Like `Promise#finally`. */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then(
      (value) => {
        onFinally?.();
        return value;
      },
      (reason: unknown) => {
        onFinally?.();
        throw reason;
      },
    );
  }

  /** @internal Adds a callback whose wake-up handle is attributed to `owner` in reports. */
  _addCallback(fn: DoneCallback<T> | ThenReaction | FutureObserver, owner: HandleOwner | undefined): void {
    if (this._state !== PENDING) {
      this._dispatch(fn, owner);
      return;
    }
    const present = this._callbacks;
    if (present === null) {
      this._callbacks = owner === undefined ? fn : [{ fn, owner }];
      return;
    }
    const entry = { fn, owner };
    if (isCallbackList(present)) present.push(entry);
    else this._callbacks = [{ fn: present, owner: undefined }, entry];
  }

  /** @internal Removes and returns every registered callback, in order. */
  _takeCallbacks(): CallbackEntry[] {
    const present = this._callbacks;
    this._callbacks = null;
    if (present === null) return [];
    return isCallbackList(present) ? present : [{ fn: present, owner: undefined }];
  }

  /**
   * @internal Completes the future and runs its callbacks now, inside the current loop callback,
   * instead of on the next iteration. For awaitables whose completion is itself a scheduled
   * callback (`sleep(0)`), so that they cost one iteration, not two.
   */
  _resolveNow(value: T): void {
    if (this._state !== PENDING) return;
    this._result = value;
    this._state = FINISHED;
    const present = this._callbacks;
    if (present === null) return;
    this._callbacks = null;
    if (!isCallbackList(present)) this._runNow(present);
    else for (const entry of present) this._runNow(entry.fn);
  }

  private _runNow(fn: StoredCallback): void {
    try {
      if (fn instanceof ThenReaction) fn._run();
      else if (typeof fn === "object") fn._futureDone(this as Future<unknown>);
      else (fn as DoneCallback<T>)(this);
    } catch (err) {
      this._loop.callExceptionHandler({ message: "Exception in a done callback", exception: err, future: this });
    }
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const present = this._callbacks;
    if (present === null) return;
    this._callbacks = null;
    if (!isCallbackList(present)) this._dispatch(present, undefined);
    else for (const entry of present) this._dispatch(entry.fn, entry.owner);
  }

  /**
   * Queues one callback on the loop: a `then` reaction runs itself, a plain callback gets a handle,
   * an observer is told now and schedules itself.
   */
  private _dispatch(fn: StoredCallback, owner: HandleOwner | undefined): void {
    if (fn instanceof ThenReaction) {
      // A closed loop never runs again, and an idle one (a Runner between runs) may never: a
      // done future's outcome is final, so settle an awaiter that no task of the loop owns (`await
      // task` after `run()` returned) directly instead of hanging until the loop runs again.
      const loop = this._loop;
      if (loop.isRunning() || (fn.owner !== undefined && !loop.isClosed())) loop._schedule(fn);
      else queueMicrotask(() => fn._run());
    } else if (typeof fn === "object") this._runNow(fn);
    else this._loop._callSoonOwned(fn as (arg: unknown) => unknown, this, owner);
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    return new CancelledError(this._cancelMessage ?? "The operation was cancelled.");
  }

  private _alreadyDone(op: string): InvalidStateError {
    const state = this._state === CANCELLED ? "cancelled" : "finished";
    return new InvalidStateError(`${op}() on a future that is already ${state}: a future completes once.`);
  }

  /**
   * @internal Wakes `owner`'s pending `await` of this future now, while the future stays pending:
   * the only way to reach a task whose await can never complete because of an await cycle
   * (`task.cancel()` delivers its request this way). The reaction raises the owner's pending
   * cancellation when it runs.
   */
  _wakeAwaiter(owner: HandleOwner): boolean {
    let woken = false;
    for (const entry of this._takeCallbacks()) {
      const fn = entry.fn;
      if (!woken && fn instanceof ThenReaction && fn.isAwait && fn.owner === owner) {
        woken = true;
        this._loop._schedule(fn);
      } else this._addCallback(fn as DoneCallback<T>, entry.owner);
    }
    return woken;
  }

  /**
   * @internal The task whose `await` of this future registered first (the one its completion will
   * resume), or `undefined` when no tracked await waits on it yet. A primitive handing something
   * over to its first waiter (a lock to the next holder) learns who receives it without asking the
   * async context again.
   */
  _firstAwaiter(): HandleOwner | undefined {
    const present = this._callbacks;
    const first = present === null ? null : isCallbackList(present) ? present[0]!.fn : present;
    return first instanceof ThenReaction && first.isAwait ? first.owner : undefined;
  }

  /** How the call graph shows an await of this future (subclasses say more). */
  [describeAwait](): AwaitDescription {
    return { kind: "future", label: this.toString() };
  }

  /** A short description for logs: state and, for failures, the error. */
  toString(): string {
    const state = this._state === PENDING ? "pending" : this._state === CANCELLED ? "cancelled" : "finished";
    return `<${this.constructor.name} ${state}>`;
  }
}

/** The error for awaiting `future` while `running`, another loop, runs. */
function foreignAwaitError(future: Future<unknown>, running: EventLoop): EventLoopError {
  return new EventLoopError(
    `Cannot await ${future.toString()}: it belongs to another event loop (${future._loop.toString()}), not the running one (${running.toString()}). A future wakes its awaiters only on its own loop, which is not running, so this await would never resume. Create it (or start the task) on the running loop, or await it from code its own loop runs.`,
  );
}

/**
 * Whether `value` is a tsio `Future` (or `Task`).
 *
 * @example
 * ```ts
 * isFuture(loop.createFuture()); // true
 * isFuture(Promise.resolve()); // false
 * ```
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}

