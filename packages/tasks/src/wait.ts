import {
  type AwaitDescription,
  checkOptions,
  describeAwait,
  describeValue,
  type EventLoop,
  Future,
  getRunningLoop,
  readTimeout,
  type TimerHandle,
} from "@tsio/loop";
import { type Awaitable, type AwaitableKind, checkAwaitable, type FutureOf, toFuture } from "./awaitable.js";

/**
 * `wait()` returns as soon as any awaitable is done.
 *
 * @example
 * ```ts
 * const { done, pending } = await wait(tasks, { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait()` returns as soon as any awaitable fails (a cancellation does not count), or when all are
 * done.
 *
 * @example
 * ```ts
 * const { done, pending } = await wait(tasks, { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait()` returns when every awaitable is done (the default).
 *
 * @example
 * ```ts
 * const { done } = await wait(tasks, { returnWhen: ALL_COMPLETED, timeout: 5000 });
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When `wait()` returns: `FIRST_COMPLETED`, `FIRST_EXCEPTION` or `ALL_COMPLETED`.
 *
 * @example
 * ```ts
 * const mode: ReturnWhen = FIRST_EXCEPTION;
 * ```
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options for `wait()`.
 *
 * @example
 * ```ts
 * const options: WaitOptions = { timeout: 1000, returnWhen: FIRST_COMPLETED };
 * ```
 */
export interface WaitOptions {
  /** Return after this many ms even if the condition is not met (nothing is cancelled); `null` or `Infinity`: no limit. */
  timeout?: number | null;
  /** The condition to wait for; `ALL_COMPLETED` by default. */
  returnWhen?: ReturnWhen;
}

/**
 * What `wait()` resolves with: the futures that are done and those still pending.
 *
 * @example
 * ```ts
 * const { done, pending }: WaitResult<Task<string>> = await wait(tasks);
 * ```
 */
export interface WaitResult<F> {
  /** The awaitables that finished (with a result, an error or cancelled) before `wait()` returned. */
  done: Set<F>;
  /** The ones still running; `wait()` never cancels them, so cancel or await them yourself. */
  pending: Set<F>;
}

const PENDING = 0;

/** One done callback shared by every child; the sets are split once, when the caller reads them. */
class WaitFuture extends Future<WaitResult<Future<unknown>>> {
  _children: Set<Future<unknown>>;
  _counter: number;
  readonly _returnWhen: ReturnWhen;
  _timer: TimerHandle | null = null;
  readonly _onChildDone: (child: Future<unknown>) => void;

  constructor(loop: EventLoop, children: Set<Future<unknown>>, returnWhen: ReturnWhen) {
    super(loop);
    this._children = children;
    this._counter = children.size;
    this._returnWhen = returnWhen;
    this._onChildDone = (child) => childDone(this, child);
  }

  /** The call graph's view: what wait() still waits on, and its timeout's deadline if it has one. */
  override [describeAwait](): AwaitDescription {
    const pending = [...this._children].filter((child) => child._state === PENDING);
    const label = `<wait ${this._returnWhen} of ${this._children.size}, ${pending.length} pending>`;
    return this._timer === null ? { kind: "wait", label, awaits: pending } : { kind: "wait", label, awaits: pending, deadline: this._timer.when() };
  }

  /** Stops waiting; the awaitables are not cancelled (as in asyncio). */
  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    detach(this);
    return true;
  }
}

function childDone(waiter: WaitFuture, child: Future<unknown>): void {
  if (waiter._state !== PENDING) return;
  waiter._counter--;
  if (
    waiter._counter <= 0 ||
    waiter._returnWhen === FIRST_COMPLETED ||
    (waiter._returnWhen === FIRST_EXCEPTION && child._exception !== undefined)
  ) {
    release(waiter);
  }
}

function release(waiter: WaitFuture): void {
  if (waiter._state !== PENDING) return;
  const children = waiter._children;
  detach(waiter);
  waiter.setResult(splitOnRead(children));
}

/**
 * The `{ done, pending }` result, split when first read rather than when the condition fired. As in
 * asyncio, whose `wait()` sorts its futures after the caller wakes up: a child that finishes between
 * the wake-up being queued and the caller resuming (a sibling in the same iteration, a timer due at
 * the same instant as the timeout) is reported done, not pending.
 */
function splitOnRead(children: Set<Future<unknown>>): WaitResult<Future<unknown>> {
  const result = {} as WaitResult<Future<unknown>>;
  const split = (): void => {
    const done = new Set<Future<unknown>>();
    const pending = new Set<Future<unknown>>();
    for (const child of children) (child._state === PENDING ? pending : done).add(child);
    Object.defineProperties(result, {
      done: { value: done, enumerable: true, writable: true, configurable: true },
      pending: { value: pending, enumerable: true, writable: true, configurable: true },
    });
  };
  const lazy = (key: "done" | "pending"): PropertyDescriptor => ({
    get: () => {
      split();
      return result[key];
    },
    enumerable: true,
    configurable: true,
  });
  Object.defineProperties(result, { done: lazy("done"), pending: lazy("pending") });
  return result;
}

function detach(waiter: WaitFuture): void {
  waiter._timer?.cancel();
  waiter._timer = null;
  for (const child of waiter._children) if (child._state === PENDING) child.removeDoneCallback(waiter._onChildDone);
  waiter._children = new Set();
}

const MODES: readonly unknown[] = [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED];

/**
 * Waits for awaitables until a condition holds (`returnWhen`, `ALL_COMPLETED` by default) or
 * `timeout` ms pass, and resolves with `{ done, pending }` sets of futures. It never cancels
 * anything, also not on timeout: the pending ones keep running. Functions are started as tasks
 * (and those tasks are what the sets hold), tasks and futures are used as they are, promises are
 * wrapped in futures.
 *
 * @example
 * ```ts
 * const tasks = urls.map((url) => createTask(() => download(url)));
 * const { done, pending } = await wait(tasks, { timeout: 2000, returnWhen: FIRST_COMPLETED });
 * for (const task of done) console.log(task.result());
 * for (const task of pending) task.cancel();
 * ```
 */
export function wait<I extends Awaitable<unknown>>(
  awaitables: Iterable<I>,
  options: WaitOptions = {},
): Future<WaitResult<FutureOf<I>>> {
  const { timeout, returnWhen } = readOptions(options);
  const loop = getRunningLoop();
  const items = toItems(awaitables, "wait");
  if (items.length === 0) {
    throw new RangeError("wait() needs at least one awaitable: there is nothing to wait for.");
  }
  const kinds = items.map((item, i) => checkAwaitable(item, loop, "wait", i, true));
  const children = new Set<Future<unknown>>();
  for (let i = 0; i < items.length; i++) children.add(toFuture(items[i], kinds[i] as AwaitableKind, loop));
  const waiter = new WaitFuture(loop, children, returnWhen);
  for (const child of children) child._addCallback(waiter._onChildDone, undefined);
  if (timeout !== null) waiter._timer = loop.callLater(timeout, release, waiter);
  return waiter as unknown as Future<WaitResult<FutureOf<I>>>;
}

function readOptions(options: WaitOptions): { timeout: number | null; returnWhen: ReturnWhen } {
  const { timeout, returnWhen = ALL_COMPLETED } = checkOptions(options, ["timeout", "returnWhen"], "wait()");
  if (!MODES.includes(returnWhen)) {
    throw new TypeError(
      `wait() option returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${describeValue(returnWhen)}.`,
    );
  }
  return { timeout: readTimeout(timeout, "wait() option timeout"), returnWhen };
}

/** @internal Materializes an iterable of awaitables, with a clear error for anything else. */
export function toItems(awaitables: unknown, api: string): readonly unknown[] {
  if (Array.isArray(awaitables)) return awaitables;
  const iterable =
    typeof awaitables === "object" &&
    awaitables !== null &&
    typeof (awaitables as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
  if (!iterable) {
    throw new TypeError(
      `${api}() takes an array (or iterable) of awaitables, got ${describeValue(awaitables)}. Write ${api}([a, b]), not ${api}(a, b).`,
    );
  }
  return Array.from(awaitables as Iterable<unknown>);
}
