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
   * Calls `wake` once, at or after `deadline` (this clock's time). The loop arms at most one wait
   * at a time and only when it has nothing ready to run.
   */
  wait(deadline: number, wake: () => void): ClockWait;
  /** Called when a loop starts using this clock. */
  attach?(host: ClockHost): void;
  /** Called when that loop closes. */
  detach?(host: ClockHost): void;
}

/** The longest delay a host timer accepts. */
const MAX_HOST_DELAY_MS = 2 ** 31 - 1;

/**
 * The real clock: monotonic `performance.now()` for time, one host `setTimeout` for waiting.
 *
 * @example
 * ```ts
 * const clock = new MonotonicClock();
 * const t0 = clock.now();
 * clock.wait(t0 + 10, () => console.log(clock.now() - t0 >= 10)); // true
 * ```
 */
export class MonotonicClock implements Clock {
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
    // Host timers have millisecond granularity and may fire a fraction early; the loop re-arms
    // for the remainder, so rounding up here only saves a spurious wake-up.
    // Node turns a delay above 2^31-1 ms into 1 ms (with a warning), which would make a far or
    // infinite deadline spin; waking after ~24.8 days instead lets the loop re-arm for the rest.
    const delay = Math.min(MAX_HOST_DELAY_MS, Math.max(0, Math.ceil(deadline - performance.now())));
    const timer = setTimeout(wake, delay);
    return { cancel: () => clearTimeout(timer) };
  }
}
