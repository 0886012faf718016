import type { Clock, ClockHost, ClockWait } from "../src/index.js";

/**
 * A test clock in the style of a virtual clock: time stands still until the loop arms a wait,
 * then (on the next macrotask) it jumps straight to the deadline. It records every wait it is
 * asked for, so tests can see when and how often the loop went idle.
 */
export class JumpClock implements Clock {
  /** The current time, in ms. */
  t = 0;
  /** Every deadline the loop armed a wait for, in order. */
  readonly armed: number[] = [];
  /** Waits armed and neither fired nor cancelled. */
  active = 0;
  /** The most waits that were ever active at once. */
  maxActive = 0;
  /** Called synchronously whenever the loop arms a wait. */
  onArm: ((deadline: number) => void) | undefined;
  host: ClockHost | undefined;
  detached = false;
  /** Set before the loop is created: the loop reads it once (undefined: the field is absent). */
  resolution: number | undefined;
  /**
   * How far before its deadline a wait lands, as a host timer that fires a fraction early; a second
   * wait for a deadline already that close lands on it.
   */
  early = 0;

  now(): number {
    return this.t;
  }

  wait(deadline: number, wake: () => void): ClockWait {
    this.armed.push(deadline);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.onArm?.(deadline);
    let live = true;
    const id = setImmediate(() => {
      live = false;
      this.active--;
      // Early only once: a wait re-armed for the remainder lands on its deadline.
      if (deadline - this.early > this.t) this.t = deadline - this.early;
      else if (deadline > this.t) this.t = deadline;
      wake();
    });
    return {
      cancel: () => {
        if (!live) return;
        live = false;
        this.active--;
        clearImmediate(id);
      },
    };
  }

  attach(host: ClockHost): void {
    this.host = host;
  }

  detach(host: ClockHost): void {
    if (host === this.host) this.detached = true;
  }
}
