import type { Clock, ClockHost, ClockWait } from "@tsio/loop";

/**
 * A test-only virtual clock (until `@tsio/testing` ships its own): time stands still while the
 * loop has work, and when the loop goes idle and arms a wait, time jumps straight to the deadline
 * on the next macrotask. The loop only arms a wait when nothing is ready, so a jump happens exactly
 * when every task is waiting. While external work is in flight it does not jump: the loop re-arms
 * once that work ends.
 */
export class VirtualClock implements Clock {
  private t: number;
  private host: ClockHost | undefined;
  /** Every deadline the loop armed a wait for, in order (to see when it went idle). */
  readonly armed: number[] = [];
  /** Waits armed and neither fired nor cancelled. */
  active = 0;

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  wait(deadline: number, wake: () => void): ClockWait {
    this.armed.push(deadline);
    this.active++;
    let live = true;
    const id = setImmediate(() => {
      if (this.host !== undefined && this.host.externalWorkInFlight() > 0) return;
      live = false;
      this.active--;
      if (deadline > this.t) this.t = deadline;
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
    if (this.host === host) this.host = undefined;
  }
}
