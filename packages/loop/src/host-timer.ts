/** Where a released timer goes: the clock keeps one, for a next wait on the same deadline. */
export interface HostTimerOwner {
  /** Takes a timer whose wait was cancelled while its host timer is still pending. */
  keep(timer: HostTimer): void;
}

/**
 * One host `setTimeout` behind `MonotonicClock` waits. A cancelled wait leaves it pending, unref'd
 * (it holds neither a wake-up nor the process), so that the next wait for the same deadline takes
 * it over instead of a `clearTimeout` and a `setTimeout`: a loop woken by I/O cancels its wait and,
 * once idle again, usually waits for the very same deadline.
 *
 * @example
 * ```ts
 * const timer = new HostTimer(owner, deadline, 5);
 * const wait = timer.claim(() => console.log("woken"));
 * wait.cancel(); // the owner keeps it; the host timer still runs, unref'd
 * ```
 */
export class HostTimer {
  /** Which wait holds it: a stale wait's `cancel()` must not cancel the next one. */
  private use = 0;
  private wake: (() => void) | null = null;
  private fired = false;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly owner: HostTimerOwner,
    /** The deadline (clock time) it was armed for. */
    readonly deadline: number,
    delay: number,
  ) {
    this.timer = setTimeout(fireHostTimer, delay, this);
  }

  /** Whether the host timer has yet to fire. */
  get pending(): boolean {
    return !this.fired;
  }

  /** Starts a wait on this timer: `wake` is called once, when it fires, unless cancelled first. */
  claim(wake: () => void): HostTimerWait {
    this.wake = wake;
    this.timer.ref();
    return new HostTimerWait(this, ++this.use);
  }

  /** @internal A wait's cancel(): only the current, not yet woken wait lets the timer go. */
  _release(use: number): void {
    if (use !== this.use || this.wake === null) return;
    this.wake = null;
    this.timer.unref();
    this.owner.keep(this);
  }

  /** Stops the host timer for good. */
  dispose(): void {
    this.wake = null;
    this.fired = true;
    clearTimeout(this.timer);
  }

  /** @internal */
  _fire(): void {
    this.fired = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

function fireHostTimer(timer: HostTimer): void {
  timer._fire();
}

/** The handle of one wait on a `HostTimer` (a `ClockWait`). */
class HostTimerWait {
  constructor(
    private readonly timer: HostTimer,
    private readonly use: number,
  ) {}

  cancel(): void {
    this.timer._release(this.use);
  }
}
