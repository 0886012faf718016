import {
  assertFunction,
  CancelledError,
  type EventLoop,
  EventLoopError,
  getRunningLoop,
  type Handle,
  InvalidStateError,
  readDeadline,
  readTimeout,
  TimeoutError,
  type TimerEntry,
} from "@tsio/loop";
import { Task } from "./task.js";
import { currentTask } from "./task-context.js";

const ENTERED = 0;
const EXPIRING = 1;
const EXPIRED = 2;
const EXITED = 3;
type State = typeof ENTERED | typeof EXPIRING | typeof EXPIRED | typeof EXITED;

const SELF_UNUSED = 0;
const SELF_ARMED = 1;
const SELF_SPENT = 2;
type SelfState = typeof SELF_UNUSED | typeof SELF_ARMED | typeof SELF_SPENT;

/**
 * A deadline on the task that created it: when it passes, the task is cancelled, and on leaving
 * the timeout's scope that cancellation becomes a `TimeoutError`. Made by `timeout(ms)` or
 * `timeoutAt(when)`; JavaScript has no separate "enter" step, so it starts at once and must be
 * created inside a task.
 *
 * Two ways to scope it. The callback form, `await timeout(ms, async (t) => ...)`, sees how the body
 * ended and throws a plain `TimeoutError`. With `await using t = timeout(ms)`, JavaScript does not
 * tell the timeout how its block ended; it converts when the cancellation it caused reached an
 * `await` in the block, and since the block is then already throwing `CancelledError`, JavaScript
 * reports the pair as a `SuppressedError` whose `error` is the `TimeoutError`.
 *
 * @example
 * ```ts
 * await timeout(1000, async (t) => {
 *   await sleep(600);
 *   t.reschedule(t.when()! + 1000); // more time, please
 *   await sleep(600);
 * });
 * ```
 */
export class Timeout implements AsyncDisposable, TimerEntry {
  /** @internal The deadline, `null` for none. */ _deadline: number | null = null;
  /** @internal */ _state: State = ENTERED;
  /** @internal */ _handle: Handle | null = null;
  /** @internal */ readonly _task: Task<unknown>;
  /** @internal The task's cancellation count on entry: requests above it are someone else's. */
  readonly _cancelling: number;
  /** @internal */ readonly _loop: EventLoop;
  /** @internal The task's cancel-scope depth on entry: a shielded scope entered inside holds the expiry. */
  readonly _level: number;
  /**
   * @internal The timer side: the first deadline is armed with the timeout itself as the loop's
   * timer entry (no handle, no argument array per request); a later one, after `reschedule()`,
   * with a handle, since the first entry may still sit in the loop's queues.
   */
  _when = 0;
  /** @internal In the loop's timer queue. */
  _scheduled = false;
  /** @internal The loop skips the entry once this is set. */
  _cancelled = false;
  /** @internal `SELF_UNUSED`, `SELF_ARMED` (queued, not yet run or cancelled) or `SELF_SPENT`. */
  _self: SelfState = SELF_UNUSED;

  /** @internal Use `timeout(ms)` or `timeoutAt(when)`. */
  constructor(when: number | null, task: Task<unknown>, loop: EventLoop) {
    if (!(task instanceof Task)) throw new TypeError("new Timeout(when, task, loop): use timeout(ms) or timeoutAt(when) inside a task.");
    this._task = task;
    this._loop = loop;
    this._cancelling = task.cancelling();
    this._level = task._scopeDepth();
    this._arm(when);
  }

  /** The deadline in loop time (ms, as `loop.time()`), or `null` if there is none. */
  when(): number | null {
    return this._deadline;
  }

  /**
   * Moves the deadline to loop time `when` (ms), or removes it with `null` (or `Infinity`). A
   * deadline already in the past expires on the next iteration. Throws `InvalidStateError` once the
   * timeout has expired or finished.
   */
  reschedule(when: number | null): void {
    const deadline = readDeadline(when, "reschedule(when): when");
    if (this._state !== ENTERED) {
      const what = this._state === EXITED ? "has finished" : "has already expired";
      throw new InvalidStateError(`Cannot reschedule a timeout that ${what}.`);
    }
    this._arm(deadline);
  }

  /** Whether the deadline passed (and the task was cancelled because of it). */
  expired(): boolean {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  /**
   * Ends the scope for `await using`: clears the deadline and, if it expired and its cancellation
   * was delivered into the block, throws `TimeoutError` instead of the `CancelledError`.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    // JavaScript gives no view of how the block ended. The expiry's request was delivered (the
    // block's `await` threw CancelledError) unless it is still waiting for the task's next await.
    const delivered = this._state === EXPIRING && !this._task._mustCancel;
    const replacement = this._exit(delivered, delivered ? new CancelledError("The timeout expired.") : undefined);
    if (replacement !== undefined) throw replacement;
  }

  /**
   * @internal Leaves the scope (asyncio 3.11+ `__aexit__`): returns the `TimeoutError` to throw in
   * place of `error`, or `undefined` to let the block's outcome stand. A cancellation only becomes
   * a timeout when no one else asked to cancel the task meanwhile, so an outer cancel inside a
   * timeout stays a `CancelledError`.
   */
  _exit(failed: boolean, error: unknown): TimeoutError | undefined {
    this._disarm();
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      if (this._task.uncancel() <= this._cancelling && failed && error instanceof CancelledError) {
        return new TimeoutError(`The timeout expired (deadline ${this._deadline} ms on the loop clock).`, { cause: error });
      }
    } else if (this._state === ENTERED) {
      this._state = EXITED;
    }
    return undefined;
  }

  private _arm(when: number | null): void {
    this._deadline = when;
    this._disarm();
    if (when === null) return;
    // A deadline already due expires through the ready queue, as asyncio's does: ahead of a
    // `sleep(0)` the block makes next, which a timer (run after the ready callbacks) would lose to.
    if (when <= this._loop.time()) this._handle = this._loop.callSoon(expire, this);
    else if (this._self === SELF_UNUSED) {
      this._self = SELF_ARMED;
      this._when = when;
      this._loop._scheduleTimer(this);
    } else this._handle = this._loop.callAt(when, expire, this);
  }

  /** Cancels whichever timer holds the deadline. */
  private _disarm(): void {
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._self === SELF_ARMED) {
      // Set even when the entry already left the timer queue for the ready queue: it must not run.
      this._self = SELF_SPENT;
      this._cancelled = true;
      if (this._scheduled) this._loop._timerCancelled(this);
    }
  }

  /** @internal The loop runs the entry when the first deadline comes (never once cancelled). */
  _run(): void {
    this._self = SELF_SPENT;
    expire(this);
  }

  toString(): string {
    const state = ["active", "expiring", "expired", "finished"][this._state];
    return `<Timeout ${state} when=${this._deadline}>`;
  }
}

function expire(timeout: Timeout): void {
  timeout._handle = null;
  timeout._state = EXPIRING;
  timeout._task._cancelFrom("The timeout expired.", timeout._level);
}

/** @internal Starts a timeout on the current task; `api` names the caller in the error. */
export function enterTimeout(loop: EventLoop, when: number | null, api: string): Timeout {
  const task = currentTask();
  if (task === null || task._loop !== loop) {
    throw new EventLoopError(
      `${api}() must be used inside a task (a function run by run() or createTask()): it cancels that task when the deadline passes.`,
    );
  }
  return new Timeout(when, task, loop);
}

/** @internal Runs `fn` inside `timeout`'s scope, turning its expiry into `TimeoutError`. */
export async function within<T>(timeout: Timeout, fn: (timeout: Timeout) => T | PromiseLike<T>): Promise<T> {
  let value: T;
  try {
    value = await fn(timeout);
  } catch (err) {
    throw timeout._exit(true, err) ?? err;
  }
  timeout._exit(false, undefined);
  return value;
}

/**
 * Limits the current task's work to `ms` milliseconds (`null`, `undefined` or `Infinity`: no limit
 * until `reschedule`). On expiry the task is cancelled; leaving the scope turns that into
 * `TimeoutError`, while a cancellation from elsewhere stays `CancelledError`. With nested
 * timeouts, the one that fired reports. Must be called inside a task.
 *
 * `timeout(ms, fn)` runs `fn(t)` and resolves with its result; `timeout(ms)` returns the `Timeout`
 * for `await using` (see `Timeout` for how JavaScript reports its expiry there).
 *
 * @example
 * ```ts
 * try {
 *   await timeout(100, () => sleep(5000));
 * } catch (err) {
 *   console.log(err instanceof TimeoutError); // true
 * }
 *
 * await using t = timeout(100);
 * await fetchWithRetries(); // cancelled after 100 ms
 * ```
 */
export function timeout(ms: number | null | undefined): Timeout;
export function timeout<T>(ms: number | null | undefined, fn: (timeout: Timeout) => T | PromiseLike<T>): Promise<T>;
export function timeout<T>(
  ms: number | null | undefined,
  fn?: (timeout: Timeout) => T | PromiseLike<T>,
): Timeout | Promise<T> {
  const limit = readTimeout(ms, "timeout(ms): ms");
  if (fn !== undefined) assertFunction(fn, "timeout(ms, fn): fn");
  const loop = getRunningLoop();
  const t = enterTimeout(loop, limit === null ? null : loop.time() + limit, "timeout");
  return fn === undefined ? t : within(t, fn);
}

/**
 * Like `timeout`, with an absolute deadline in loop time (ms, as `loop.time()`); a deadline in the
 * past expires on the next iteration. `null`, `undefined` or `Infinity`: no deadline until `reschedule`.
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 2000;
 * await timeoutAt(deadline, () => stepOne());
 * await timeoutAt(deadline, () => stepTwo()); // the same deadline for both steps
 * ```
 */
export function timeoutAt(when: number | null | undefined): Timeout;
export function timeoutAt<T>(when: number | null | undefined, fn: (timeout: Timeout) => T | PromiseLike<T>): Promise<T>;
export function timeoutAt<T>(
  when: number | null | undefined,
  fn?: (timeout: Timeout) => T | PromiseLike<T>,
): Timeout | Promise<T> {
  const deadline = readDeadline(when, "timeoutAt(when): when");
  if (fn !== undefined) assertFunction(fn, "timeoutAt(when, fn): fn");
  const t = enterTimeout(getRunningLoop(), deadline, "timeoutAt");
  return fn === undefined ? t : within(t, fn);
}
