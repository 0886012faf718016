import { CancelledError, describeValue, type EventLoop, EventLoopError, Future, getRunningLoop } from "@tsio/loop";
import { Task } from "./task.js";

/**
 * What `gather`, `wait`, `asCompleted`, `waitFor` and `shield` accept: a function (started by the
 * loop as a child task), a tsio `Future` or `Task` (awaited as it is), or a promise (awaited as it
 * is: it is already running, so tsio can stop waiting for it but cannot cancel it).
 *
 * @example
 * ```ts
 * const work: Awaitable<string>[] = [
 *   () => fetchUser(1), // started as a child task
 *   createTask(() => fetchUser(2)), // a Task
 *   fetch(url).then((r) => r.text()), // a promise
 * ];
 * ```
 */
export type Awaitable<T> = Future<T> | PromiseLike<T> | (() => T | PromiseLike<T>);

/**
 * The value an awaitable produces: a function's awaited return value, or what awaiting it gives.
 *
 * @example
 * ```ts
 * type A = AwaitableResult<() => Promise<number>>; // number
 * type B = AwaitableResult<Task<string>>; // string
 * ```
 */
export type AwaitableResult<A> = A extends (...args: never[]) => infer R ? Awaited<R> : Awaited<A>;

/**
 * The future `ensureFuture` makes of an awaitable: a `Future`/`Task` stays itself, a function
 * becomes the `Task` running it, a promise becomes a `Future` settling with it.
 *
 * @example
 * ```ts
 * type F = FutureOf<() => Promise<number>>; // Task<number>
 * ```
 */
export type FutureOf<A> = A extends Future<unknown>
  ? A
  : A extends (...args: never[]) => infer R
    ? Task<Awaited<R>>
    : Future<Awaited<A>>;

/** @internal What kind of awaitable a value is; `NOT_AWAITABLE` when it is none. */
export const NOT_AWAITABLE = 0;
/** @internal */ export const FUNCTION = 1;
/** @internal */ export const FUTURE = 2;
/** @internal */ export const THENABLE = 3;
/** @internal */
export type AwaitableKind = typeof NOT_AWAITABLE | typeof FUNCTION | typeof FUTURE | typeof THENABLE;

/** @internal */
export function awaitableKind(value: unknown): AwaitableKind {
  if (typeof value === "function") return FUNCTION;
  if (typeof value !== "object" || value === null) return NOT_AWAITABLE;
  if (value instanceof Future) return FUTURE;
  return typeof (value as { then?: unknown }).then === "function" ? THENABLE : NOT_AWAITABLE;
}

/**
 * @internal Throws a `TypeError` naming the argument unless `value` is awaitable, and an
 * `EventLoopError` for a future of another loop. `position` is 1-based for an argument list, 0-based for an iterable's
 * item. Returns the kind so the caller need not test it again.
 */
export function checkAwaitable(value: unknown, loop: EventLoop, api: string, position: number, inIterable: boolean): AwaitableKind {
  const kind = awaitableKind(value);
  if (kind === FUTURE && (value as Future<unknown>)._loop !== loop) {
    throw new EventLoopError(
      `${api}() ${where(position, inIterable)} belongs to a different event loop (${(value as Future<unknown>)._loop.toString()}) than the running one (${loop.toString()}): it could never wake this one. Create it (or start the task) on the running loop.`,
    );
  }
  if (kind !== NOT_AWAITABLE) return kind;
  throw notAwaitable(value, api, position, inIterable);
}

/** @internal The `TypeError` for a value that is not awaitable, with the call that would work. */
export function notAwaitable(value: unknown, api: string, position: number, inIterable: boolean): TypeError {
  const hint =
    !inIterable && Array.isArray(value)
      ? ` To pass an array, make it the only argument: ${api}(array) (or ${api}(array, options)).`
      : " Pass a function (started as a task), a Task or Future, or a promise.";
  return new TypeError(`${api}() ${where(position, inIterable)} is not awaitable: got ${describeValue(value)}.${hint}`);
}

function where(position: number, inIterable: boolean): string {
  return inIterable ? `awaitables[${position}]` : `argument ${position}`;
}

/**
 * @internal Turns a checked awaitable into a future on `loop`, starting a function as a task.
 *
 * A promise is NOT counted as the loop's external work (`loop.trackExternal`), although it runs
 * outside the loop. The promise most often passed here is a call of an async function that itself
 * awaits tsio (`gather(getStock("AAPL"))`): counted as external, it would forbid a virtual clock to
 * jump while it waits for a tsio timer that only fires when the clock jumps, a silent deadlock.
 * Left uncounted, a truly foreign promise is treated as when a task awaits it directly (`await
 * fetch(url)`), which the loop cannot see either; wrap it as `loop.trackExternal(promise)` to
 * have it counted.
 */
export function toFuture(value: unknown, kind: AwaitableKind, loop: EventLoop): Future<unknown> {
  if (kind === FUTURE) return value as Future<unknown>;
  if (kind === FUNCTION) return new Task(value as () => unknown, loop);
  return promiseFuture(value as PromiseLike<unknown>, loop);
}

/** A future that settles when `promise` does (a promise rejected with `CancelledError` cancels it). */
function promiseFuture(promise: PromiseLike<unknown>, loop: EventLoop): Future<unknown> {
  const fut = new Future<unknown>(loop);
  const settled = promise instanceof Promise ? promise : Promise.resolve(promise);
  settled.then(
    (value) => {
      if (fut._state === 0) fut.setResult(value);
    },
    (error: unknown) => {
      if (fut._state !== 0) return;
      if (error instanceof CancelledError) fut.cancel(error.message);
      else fut.setException(error === undefined ? new Error("The promise was rejected with undefined.") : error);
    },
  );
  return fut;
}

/**
 * Makes a tsio future of any awaitable: a function is started as a child task on `loop` (the
 * running loop by default), a `Future` or `Task` is returned as it is, and a promise or thenable is
 * wrapped in a `Future` that settles when it does. Cancelling that wrapper only stops waiting: the
 * promise's work has already started and runs on. Anything else is a `TypeError`.
 *
 * A wrapped promise is not counted as the loop's external work, so a virtual clock may jump while
 * it is pending (a promise that itself waits for tsio timers would otherwise never finish under
 * one); pass `loop.trackExternal(promise)` for foreign I/O that virtual time must wait for.
 *
 * @example
 * ```ts
 * const task = ensureFuture(() => fetchUser(1)); // a Task<string>, started on the next iteration
 * const same = ensureFuture(task); // task itself
 * const wrapped = ensureFuture(fetch(url)); // a Future<Response>
 * ```
 */
export function ensureFuture<A extends Awaitable<unknown>>(awaitable: A, loop?: EventLoop): FutureOf<A>;
export function ensureFuture(awaitable: unknown, loop?: EventLoop): Future<unknown> {
  const kind = awaitableKind(awaitable);
  if (kind === NOT_AWAITABLE) throw notAwaitable(awaitable, "ensureFuture", 1, false);
  const target = loop ?? (kind === FUTURE ? (awaitable as Future<unknown>)._loop : getRunningLoop());
  return toFuture(awaitable, checkAwaitable(awaitable, target, "ensureFuture", 1, false), target);
}
