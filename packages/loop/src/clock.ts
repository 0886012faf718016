import { HostTimer, type HostTimerOwner } from "./host-timer.js";
import { assertFunction, describeValue } from "./validate.js";

/** A pending wait armed on a clock; cancel it when the loop wakes for another reason. */
export interface ClockWait {
  /** Disarms the wait so that `wake` is not called; calling it after the wake is harmless. */
  cancel(): void;
}

/** What a clock may ask of the loop it serves (the virtual clock needs it to decide when to jump). */
export interface ClockHost {
  /** How many pieces of external work (threads, foreign promises) are in flight. */
  externalWorkInFlight(): number;
}

/**
 * The loop's only source of time and of waiting. The kernel never calls `performance.now()` or
 * `setTimeout` itself, which is what lets `@tsio/testing` swap in virtual time without a special case.
 *
 * @example
 * ```ts
 * const fixed: Clock = {
 *   now: () => 0,
 *   wait: (_deadline, wake) => { const t = setTimeout(wake, 0); return { cancel: () => clearTimeout(t) }; },
 * };
 * const loop = new EventLoop({ clock: fixed });
 * ```
 */
export interface Clock {
  /** The current time in milliseconds; must never go backwards. */
  now(): number;
  /**
   * Calls `wake` once, at or after `deadline` (this clock's time), or at most `resolution` before
   * it. The loop arms at most one wait
   * at a time and only when it has nothing ready to run.
   */
  wait(deadline: number, wake: () => void): ClockWait;
  /**
   * The granularity of `wait`, in ms (asyncio's `clock_resolution`): how early a wait may fire.
   * A loop on this clock woken by a wait that fired at most this much before its deadline takes
   * the deadline as come and runs the timers due by it, instead of re-arming for the remainder; so
   * a timer may run up to one resolution before its deadline as `now()` reads it. Read once, when
   * a loop starts using the clock; absent means 0 (timers run only once `now()` has reached their
   * deadline). Must be a finite number `>= 0`.
   */
  readonly resolution?: number;
  /** Called when a loop starts using this clock. */
  attach?(host: ClockHost): void;
  /** Called when that loop closes. */
  detach?(host: ClockHost): void;
}

/** Node's timers count whole milliseconds of a loop time libuv caches once per turn. */
const HOST_TIMER_RESOLUTION_MS = 1;
/** The longest delay a host timer accepts. */
const MAX_HOST_DELAY_MS = 2 ** 31 - 1;

/**
 * The real clock: monotonic `performance.now()` for time, one host `setTimeout` for waiting.
 * Its `resolution` is 1 ms: a host timer counts whole milliseconds from libuv's cached loop time,
 * so it may fire up to a millisecond before its deadline as `performance.now()` sees it.
 *
 * @example
 * ```ts
 * const clock = new MonotonicClock();
 * const t0 = clock.now();
 * clock.wait(t0 + 10, () => console.log(clock.now() - t0 >= 10 - clock.resolution)); // true
 * ```
 */
export class MonotonicClock implements Clock {
  /** The host timer's granularity: a wait may fire up to this many ms before its deadline. */
  readonly resolution: number = HOST_TIMER_RESOLUTION_MS;
  /** The host timer of the last cancelled wait, still pending, for a next wait on its deadline. */
  private spare: HostTimer | null = null;
  /** Takes a cancelled wait's host timer, dropping an older one. */
  private readonly owner: HostTimerOwner = {
    keep: (timer) => {
      if (this.spare !== null && this.spare !== timer) this.spare.dispose();
      this.spare = timer;
    },
  };

  now(): number {
    return performance.now();
  }

  wait(deadline: number, wake: () => void): ClockWait {
    // Infinity is tolerated here (a far deadline re-arms every ~24.8 days), NaN never is.
    if (typeof deadline !== "number") {
      throw new TypeError(`MonotonicClock.wait(deadline, wake): deadline must be a loop time in milliseconds, got ${describeValue(deadline)}.`);
    }
    if (Number.isNaN(deadline)) throw new RangeError("MonotonicClock.wait(deadline, wake): deadline must be a loop time in milliseconds, got NaN.");
    assertFunction(wake, "MonotonicClock.wait(deadline, wake): wake");
    // Host timers have millisecond granularity and may fire a fraction early (libuv's cached loop
    // time lags performance.now()); the loop takes a wake-up up to `resolution` early as the
    // deadline having come. Rounding up keeps the early part within that slack.
    // Node turns a delay above 2^31-1 ms into 1 ms (with a warning), which would make a far or
    // infinite deadline spin; waking after ~24.8 days instead lets the loop re-arm for the rest.
    const spare = this.spare;
    if (spare !== null) {
      this.spare = null;
      if (spare.deadline === deadline && spare.pending) return spare.claim(wake);
      spare.dispose();
    }
    const delay = Math.min(MAX_HOST_DELAY_MS, Math.max(0, Math.ceil(deadline - performance.now())));
    return new HostTimer(this.owner, deadline, delay).claim(wake);
  }
}
