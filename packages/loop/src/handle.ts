import type { EventLoop } from "./event-loop.js";
import { assertFunction } from "./validate.js";

/**
 * Anything a handle can be attributed to in reports: the awaiting task, usually.
 *
 * @example
 * ```ts
 * const owner: HandleOwner = { toString: () => "worker-1" };
 * ```
 */
export interface HandleOwner {
  /** The name reports show for the owner, e.g. the task's name. */
  toString(): string;
  /**
   * @internal For an owner that awaits (a task): the error to raise at the `await` of `future`
   * being resumed instead of its outcome (a cancellation requested since the wake-up was
   * scheduled), or `undefined` to resume normally.
   */
  _interruptAwait?(future: object): unknown;
}

/**
 * What the ready queue holds: a `Handle`, or an object that schedules itself without one (a task
 * start, for instance, to save an allocation on the hottest path).
 *
 * @example
 * ```ts
 * const item: Runnable = loop.callSoon(() => {});
 * console.log(item._cancelled); // false
 * ```
 */
export interface Runnable {
  /** @internal Skipped by the loop when true. */
  _cancelled: boolean;
  /** @internal Runs it; the loop reports what it throws. */
  _run(): void;
  /** How reports (slow callbacks, errors) name it. */
  toString(): string;
}

/**
 * What the timer queue holds: a `TimerHandle`, or an object that is its own timer (a sleep's
 * future). Timers run in deadline order, and those with equal deadlines in the order they were
 * scheduled (the queue keeps that order itself, so an entry carries no sequence number).
 *
 * @example
 * ```ts
 * const entry: TimerEntry = loop.callLater(10, () => {});
 * console.log(entry._when - loop.time()); // 10
 * ```
 */
export interface TimerEntry extends Runnable {
  /** @internal Due time on the loop's clock. */
  readonly _when: number;
  /** @internal Still in the timer queue. */
  _scheduled: boolean;
}

/**
 * A callback scheduled on the loop by `callSoon`. Cancel it before it runs and it never runs.
 *
 * @example
 * ```ts
 * const handle = loop.callSoon(() => console.log("never printed"));
 * handle.cancel();
 * console.log(handle.cancelled()); // true
 * ```
 */
export class Handle implements Runnable {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal */ _args: readonly unknown[] | undefined;
  /** @internal */ _arg: unknown;
  /**
   * @internal False on the prototype, an own property once cancelled: a handle (one per done
   * callback or `callSoon`) carries one field less.
   */
  declare _cancelled: boolean;
  /** @internal */ _owner: HandleOwner | undefined;

  /** @internal Built by the loop; use `callSoon` rather than constructing one. */
  constructor(
    callback: (...args: never[]) => unknown,
    args: readonly unknown[] | undefined,
    arg: unknown,
    loop: EventLoop,
    owner?: HandleOwner,
  ) {
    assertFunction(callback, "new Handle(callback): callback");
    this._callback = callback;
    this._args = args;
    this._arg = arg;
    this._owner = owner;
    // Only a timer needs its loop (to report its cancellation): see TimerHandle.
    void loop;
  }

  /** Prevents the callback from running; a no-op once it has run. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._callback = null;
    this._args = undefined;
    this._arg = undefined;
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; the loop catches what it throws. */
  _run(): void {
    const cb = this._callback as ((...args: unknown[]) => unknown) | null;
    if (cb === null) return;
    const args = this._args;
    // `_args` is set by callSoon/callLater (pass exactly what the caller gave, maybe nothing);
    // `_arg` by internal one-argument scheduling, which skips the rest-array allocation.
    if (args === undefined) cb(this._arg);
    else if (args.length === 0) cb();
    else cb(...args);
  }

  /** The owner's name (a task) or the callback's name, for reports. */
  toString(): string {
    const kind = this.constructor.name;
    if (this._owner !== undefined) return `<${kind} ${String(this._owner)}>`;
    const name = this._callback?.name;
    return `<${kind} ${name ? `${name}()` : this._cancelled ? "cancelled" : "(anonymous)()"}>`;
  }
}

Handle.prototype._cancelled = false;

/**
 * A callback scheduled for a loop time by `callLater` or `callAt`.
 *
 * @example
 * ```ts
 * const timer = loop.callLater(500, () => console.log("half a second later"));
 * console.log(timer.when() - loop.time()); // 500
 * timer.cancel(); // it will not run, and it no longer holds the loop's host timer
 * ```
 */
export class TimerHandle extends Handle implements TimerEntry {
  /** @internal */ readonly _when: number;
  /** @internal */ _scheduled = true;
  /** @internal An own field here: timers are cancelled often (a timeout that did not expire). */
  override _cancelled = false;
  /** @internal */ readonly _loop: EventLoop;

  /** @internal Built by the loop; use `callLater` / `callAt`. */
  constructor(
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[] | undefined,
    arg: unknown,
    loop: EventLoop,
  ) {
    super(callback, args, arg, loop);
    this._when = when;
    this._loop = loop;
  }

  /** The loop time (ms) at which the callback is due. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    if (this._scheduled) this._loop._timerCancelled(this);
  }
}
