import { runAwaitHook } from "./await-hook.js";
import { CancelledError, InvalidStateError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import type { HandleOwner } from "./handle.js";
import { getRunningLoop } from "./running-loop.js";
import { assertFunction } from "./validate.js";

const PENDING = 0;
const FINISHED = 1;
const CANCELLED = 2;
type State = typeof PENDING | typeof FINISHED | typeof CANCELLED;

/** A callback run (through the loop) once a future is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

interface CallbackEntry<T> {
  fn: DoneCallback<T>;
  owner: HandleOwner | undefined;
}

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
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _cancelMessage: string | undefined = undefined;
  /** @internal */ _callbacks: CallbackEntry<T>[] | null = null;
  /** @internal Set when an exception is stored and cleared when anyone looks at it. */
  _unretrieved = false;
  /** @internal */ readonly _loop: EventLoop;

  /** Creates a pending future on `loop`, or on the running loop when omitted. */
  constructor(loop?: EventLoop) {
    this._loop = loop ?? getRunningLoop();
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
    if (this._exception !== undefined) throw this._exception;
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
    return this._exception;
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
    this._exception = error;
    this._unretrieved = true;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future and schedules its callbacks. Returns `false` if it was already done.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
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
    const list = this._callbacks;
    if (list === null) return 0;
    const kept = list.filter((entry) => entry.fn !== fn);
    const removed = list.length - kept.length;
    this._callbacks = kept.length > 0 ? kept : null;
    return removed;
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
    const owner = runAwaitHook(this);
    return new Promise<R1 | R2>((resolve, reject) => {
      this._addCallback((fut) => {
        if (fut._state === FINISHED && fut._exception === undefined) {
          if (typeof onFulfilled === "function") settleWith(onFulfilled, fut._result as T, resolve, reject);
          else resolve(fut._result as unknown as R1);
          return;
        }
        const error = fut._state === CANCELLED ? fut._makeCancelledError() : fut._exception;
        fut._unretrieved = false;
        if (typeof onRejected === "function") settleWith(onRejected, error, resolve, reject);
        else reject(error);
      }, owner);
    });
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
  _addCallback(fn: DoneCallback<T>, owner: HandleOwner | undefined): void {
    if (this._state !== PENDING) {
      this._loop._callSoonOwned(fn as (arg: unknown) => unknown, this, owner);
      return;
    }
    const entry = { fn, owner };
    if (this._callbacks === null) this._callbacks = [entry];
    else this._callbacks.push(entry);
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const list = this._callbacks;
    if (list === null) return;
    this._callbacks = null;
    for (const entry of list) this._loop._callSoonOwned(entry.fn as (arg: unknown) => unknown, this, entry.owner);
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    return new CancelledError(this._cancelMessage ?? "The operation was cancelled.");
  }

  private _alreadyDone(op: string): InvalidStateError {
    const state = this._state === CANCELLED ? "cancelled" : "finished";
    return new InvalidStateError(`${op}() on a future that is already ${state}: a future completes once.`);
  }

  /** A short description for logs: state and, for failures, the error. */
  toString(): string {
    const state = this._state === PENDING ? "pending" : this._state === CANCELLED ? "cancelled" : "finished";
    return `<${this.constructor.name} ${state}>`;
  }
}

function settleWith<A, R>(
  fn: (arg: A) => R | PromiseLike<R>,
  arg: A,
  resolve: (value: R | PromiseLike<R>) => void,
  reject: (reason: unknown) => void,
): void {
  try {
    resolve(fn(arg));
  } catch (err) {
    reject(err);
  }
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
