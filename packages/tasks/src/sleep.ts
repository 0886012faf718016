import {
  type AwaitDescription,
  assertDelay,
  type DoneCallback,
  describeAwait,
  type EventLoop,
  Future,
  getRunningLoop,
  type HandleOwner,
  type TimerEntry,
} from "@tsio/loop";
import { markAwaited, trackCreated } from "./never-awaited.js";

/** `sleep(0)`: queued as ready, not as a timer. */
const YIELD = 1;
/** The loop was in debug mode when the sleep was made. */
const DEBUG = 2;

/**
 * A future that is its own timer: the loop's heap (or, for `sleep(0)`, its ready queue) holds it
 * directly, so a sleeping task costs no handle and no argument array.
 */
class SleepFuture<T> extends Future<T> implements TimerEntry {
  _when: number;
  _scheduled = false;
  /**
   * The timer side: set when the sleep is cancelled, so the loop skips it. False on the prototype
   * and an own property only once cancelled: a sleeping task holds one field less.
   */
  declare _cancelled: boolean;
  /** `YIELD` and `DEBUG` (captured when created), in one field. */
  readonly _flags: number;

  /** The value to resolve with is kept in `_result` from the start: nothing reads it before. */
  constructor(loop: EventLoop, when: number, value: T, isYield: boolean) {
    super(loop);
    this._when = when;
    this._result = value;
    this._flags = (isYield ? YIELD : 0) | (loop.getDebug() ? DEBUG : 0);
  }

  get _debug(): boolean {
    return (this._flags & DEBUG) !== 0;
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._cancelled = true;
    if (this._scheduled) this._loop._timerCancelled(this);
    return true;
  }

  override _addCallback(fn: DoneCallback<T>, owner: HandleOwner | undefined): void {
    if (this._debug) markAwaited(this._loop, this as Future<unknown>);
    super._addCallback(fn, owner);
  }

  /** The loop calls this when the deadline passes (or, for `sleep(0)`, on the next iteration). */
  _run(): void {
    // No never-awaited report here: `const delay = sleep(100); await work(); await delay;` awaits
    // after the deadline on purpose. Whatever is still unawaited is reported when run() ends.
    if (this._state !== 0) return;
    // A zero sleep is a bare yield: waking its awaiter here makes it cost one iteration, not two.
    if ((this._flags & YIELD) !== 0) this._resolveNow(this._result as T);
    else this.setResult(this._result as T);
  }

  /** The call graph's view: a sleep and when it ends (a `sleep(0)` is a yield, due now). */
  override [describeAwait](): AwaitDescription {
    return (this._flags & YIELD) !== 0 ? { kind: "sleep", label: "sleep(0)" } : { kind: "sleep", label: this.toString(), deadline: this._when };
  }

  override toString(): string {
    return `<sleep until ${this._when.toFixed(1)} ${this._state === 0 ? "pending" : "done"}>`;
  }
}

SleepFuture.prototype._cancelled = false;

/**
 * Waits `ms` milliseconds without blocking the loop, then resolves with `value`. `sleep(0)` yields
 * exactly one loop iteration, letting every other ready task run. Cancelling the awaiting task
 * cancels the sleep and frees its timer.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   console.log("Step 1...");
 *   await sleep(1000);
 *   console.log("Step 2...");
 * });
 * ```
 */
export function sleep(ms: number): Future<void>;
export function sleep<T>(ms: number, value: T): Future<T>;
export function sleep<T>(ms: number, value?: T): Future<T | undefined> {
  assertDelay(ms, "sleep(ms): ms");
  const loop = getRunningLoop();
  const fut = new SleepFuture<T | undefined>(loop, ms === 0 ? 0 : loop.time() + ms, value, ms === 0);
  if (fut._debug) trackCreated(loop, fut as Future<unknown>, `sleep(${ms})`);
  if (ms === 0) loop._schedule(fut);
  else loop._scheduleTimer(fut);
  return fut;
}
