import {
  assertBoolean,
  assertDelay,
  assertFunction,
  assertTime,
  type Clock,
  type ClockHost,
  type ClockWait,
  checkOptions,
  describeValue,
  type ExceptionContext,
  InvalidStateError,
} from "@tsio/loop";
import { currentTask } from "@tsio/tasks";
import { nextMacrotask, realClearImmediate, realClearTimeout, realDelay, realSetImmediate, realSetTimeout } from "./real-timers.js";

/**
 * Options for `new VirtualClock()`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: 1000, autojump: true, autojumpThreshold: 50 });
 * ```
 */
export interface VirtualClockOptions {
  /** The clock's time at creation, in ms. Default 0. */
  start?: number;
  /** Jump to the next deadline as soon as the loop is idle. Default true. */
  autojump?: boolean;
  /**
   * Real milliseconds the loop must stay idle before an auto-jump, for code that awaits foreign
   * promises (real I/O) the loop cannot see. Default 0: jump as soon as the loop is idle.
   */
  autojumpThreshold?: number;
}

/** What the clock can see of an `EventLoop`; only `externalWorkInFlight` is required of a host. */
interface LoopView extends ClockHost {
  isRunning?(): boolean;
  pendingWork?(): { ready: number; timers: number };
  nextDeadline?(): number | null;
  callExceptionHandler?(context: ExceptionContext): void;
}

interface ArmedWait {
  readonly deadline: number;
  readonly wake: () => void;
}

/** A wait that can never come due: the clock remembers nothing, so time never jumps to Infinity. */
const NEVER: ClockWait = { cancel: () => {} };

/**
 * A `Clock` whose time only moves when the loop it drives has nothing left to do, so time-dependent
 * code runs in no real time and always in the same order. With `autojump` (the default), as soon as
 * every task waits, no callback is ready, microtasks have drained and no external work (a
 * `toThread` job, a tracked foreign promise) is in flight, time jumps to the next deadline. Without
 * it, time moves only through `advance()` / `advanceTo()`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * await run(async () => {
 *   await sleep(60_000);
 *   console.log(getRunningLoop().time()); // 60000, a few ms of real time later
 * }, { clock });
 * ```
 */
export class VirtualClock implements Clock {
  /**
   * Virtual time is exact: jumps land on deadlines, so a timer never runs before its `when`
   * (the real clock's 1 ms slack would let callbacks run early here for no reason).
   */
  readonly resolution = 0;
  private time: number;
  private autojumpEnabled: boolean;
  private thresholdMs: number;
  private host: LoopView | null = null;
  private armed: ArmedWait | null = null;
  private decision: ReturnType<typeof setImmediate> | null = null;
  private thresholdTimer: ReturnType<typeof setTimeout> | null = null;
  /** advance()/runUntilIdle() calls in progress: while any runs, autojump stands aside. */
  private driving = 0;
  private driveChain: Promise<void> = Promise.resolve();
  private readonly listeners: Array<(now: number) => void> = [];

  constructor(options?: VirtualClockOptions) {
    const { start = 0, autojump = true, autojumpThreshold = 0 } = checkOptions(
      options,
      ["start", "autojump", "autojumpThreshold"],
      "new VirtualClock()",
    );
    assertTime(start, "VirtualClock options.start");
    assertBoolean(autojump, "VirtualClock options.autojump");
    assertDelay(autojumpThreshold, "VirtualClock options.autojumpThreshold");
    this.time = start;
    this.autojumpEnabled = autojump;
    this.thresholdMs = autojumpThreshold;
  }

  // ---- the kernel's Clock interface --------------------------------------------------------

  /** The virtual time in ms. It never goes backwards and never moves on its own accord. */
  now(): number {
    return this.time;
  }

  /**
   * Called by the loop when it is idle and has a timer: remembers the deadline and, with autojump,
   * decides on a later macrotask whether to jump to it. An infinite deadline never comes due.
   */
  wait(deadline: number, wake: () => void): ClockWait {
    if (typeof deadline !== "number") {
      throw new TypeError(`VirtualClock.wait(deadline, wake): deadline must be a loop time in milliseconds, got ${describeValue(deadline)}.`);
    }
    if (Number.isNaN(deadline)) throw new RangeError("VirtualClock.wait(deadline, wake): deadline must be a loop time in milliseconds, got NaN.");
    assertFunction(wake, "VirtualClock.wait(deadline, wake): wake");
    this.disarm();
    if (deadline === Number.POSITIVE_INFINITY) return NEVER;
    const armed: ArmedWait = { deadline, wake };
    this.armed = armed;
    this.scheduleDecision();
    return {
      cancel: () => {
        if (this.armed === armed) this.disarm();
      },
    };
  }

  /** Called by the loop that starts using this clock. One clock drives one loop at a time. */
  attach(host: ClockHost): void {
    if (this.host !== null && this.host !== host) {
      throw new InvalidStateError(
        "This VirtualClock already drives another event loop: create one VirtualClock per loop (close the first loop to reuse it).",
      );
    }
    this.host = host as LoopView;
  }

  /** Called by the loop when it closes. */
  detach(host: ClockHost): void {
    if (this.host !== host) return;
    this.host = null;
    this.disarm();
  }

  // ---- configuration -----------------------------------------------------------------------

  /** Whether the clock jumps on its own when the loop is idle. May be switched at any time. */
  get autojump(): boolean {
    return this.autojumpEnabled;
  }

  /** Switching it on while the loop is idle with a timer armed lets the clock jump right away. */
  set autojump(enabled: boolean) {
    assertBoolean(enabled, "VirtualClock.autojump");
    this.autojumpEnabled = enabled;
    if (enabled && this.armed !== null) this.scheduleDecision();
  }

  /** Real ms of idleness required before an auto-jump (0: none). */
  get autojumpThreshold(): number {
    return this.thresholdMs;
  }

  /** Takes effect at once: a pending auto-jump is re-timed with the new threshold. */
  set autojumpThreshold(ms: number) {
    assertDelay(ms, "VirtualClock.autojumpThreshold");
    this.thresholdMs = ms;
    if (this.armed !== null) {
      this.cancelDecision();
      this.scheduleDecision();
    }
  }

  // ---- manual control ----------------------------------------------------------------------

  /**
   * The earliest timer deadline of the loop this clock drives, or `null` when there is none.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock({ autojump: false });
   * const loop = new EventLoop({ clock });
   * loop.callLater(250, () => {});
   * console.log(clock.nextDeadline()); // 250
   * ```
   */
  nextDeadline(): number | null {
    const host = this.host;
    if (host !== null && typeof host.nextDeadline === "function") return host.nextDeadline();
    return this.armed?.deadline ?? null;
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way at its own time and in order:
   * before each step the loop runs until it is idle (and external work has ended). Resolves once
   * time is at the target and the loop is idle again. An auto-jumping clock whose loop is running
   * can only be advanced from a task on that loop.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock({ autojump: false });
   * const runner = new Runner({ clock });
   * const done = runner.run(async () => { await sleep(100); return getRunningLoop().time(); });
   * await clock.advance(100);
   * console.log(await done); // 100
   * ```
   */
  advance(ms: number): Promise<void> {
    assertDelay(ms, "VirtualClock.advance(ms): ms");
    this.assertMayAdvance("advance");
    return this.drive(this.time + ms);
  }

  /**
   * Like `advance()`, to an absolute time. Throws `RangeError` for a time earlier than `now()`:
   * virtual time never goes backwards.
   *
   * @example
   * ```ts
   * await clock.advanceTo(5000);
   * console.log(clock.now()); // 5000
   * ```
   */
  advanceTo(time: number): Promise<void> {
    assertTime(time, "VirtualClock.advanceTo(time): time");
    if (time < this.time) {
      throw new RangeError(
        `VirtualClock.advanceTo(${time}): time is earlier than the clock's current time ${this.time}; virtual time never goes backwards.`,
      );
    }
    this.assertMayAdvance("advanceTo");
    return this.drive(time);
  }

  /**
   * Lets the loop run everything that is ready, without moving time (auto-jumps wait meanwhile),
   * and resolves once it is idle: nothing ready, no timer due, no external work in flight.
   *
   * @example
   * ```ts
   * createTask(() => producer(queue));
   * await clock.runUntilIdle();
   * console.log(queue.qsize()); // what the producer put before its first sleep
   * ```
   */
  runUntilIdle(): Promise<void> {
    this.driving++;
    return this.settled().finally(() => this.endDrive());
  }

  /**
   * Calls `listener(now)` every time virtual time moves forward (after the loop has been woken).
   * Returns a function that removes the listener. `fakeGlobals` uses this to keep `Date` in step.
   *
   * @example
   * ```ts
   * const off = clock.onTimeChange((now) => console.log("time is now", now));
   * off();
   * ```
   */
  onTimeChange(listener: (now: number) => void): () => void {
    if (typeof listener !== "function") {
      throw new TypeError(`VirtualClock.onTimeChange(listener): listener must be a function, got ${describeValue(listener)}.`);
    }
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  toString(): string {
    return `<VirtualClock now=${this.time} autojump=${this.autojumpEnabled} threshold=${this.thresholdMs}>`;
  }

  // ---- internals ---------------------------------------------------------------------------

  private assertMayAdvance(what: string): void {
    if (!this.autojumpEnabled || !this.hostRunning()) return;
    const task = currentTask();
    if (task !== null && (task.getLoop() as unknown) === this.host) return;
    throw new InvalidStateError(
      `VirtualClock.${what}(): this clock auto-jumps while its loop runs, so it can only be advanced from a task on that loop. ` +
        "Create it with { autojump: false } to drive time from outside the loop.",
    );
  }

  private drive(target: number): Promise<void> {
    this.driving++;
    const run = this.driveChain.then(() => this.driveTo(target));
    this.driveChain = run.catch(() => undefined);
    return run.finally(() => this.endDrive());
  }

  private endDrive(): void {
    this.driving--;
    if (this.driving === 0 && this.armed !== null) this.scheduleDecision();
  }

  private async driveTo(target: number): Promise<void> {
    for (;;) {
      await this.settled();
      if (!this.hostRunning()) break;
      const next = this.nextDeadline();
      if (next === null || next > target) break;
      this.jumpTo(next);
    }
    this.jumpTo(target);
    await this.settled();
  }

  /** Resolves on a macrotask at which the loop has nothing to do at the current time. */
  private async settled(): Promise<void> {
    for (;;) {
      await nextMacrotask();
      if (!this.hostRunning()) return;
      if (this.externalBusy()) {
        // A worker or foreign promise is out; poll gently instead of spinning on macrotasks.
        await realDelay(1);
        continue;
      }
      if (!this.loopBusy()) return;
    }
  }

  private hostRunning(): boolean {
    const host = this.host;
    return host !== null && (typeof host.isRunning !== "function" || host.isRunning());
  }

  private externalBusy(): boolean {
    return this.host !== null && this.host.externalWorkInFlight() > 0;
  }

  private loopBusy(): boolean {
    const host = this.host;
    if (host === null) return false;
    if (typeof host.pendingWork !== "function") return this.armed === null;
    if (host.pendingWork().ready > 0) return true;
    const next = this.nextDeadline();
    return next !== null && next <= this.time;
  }

  private scheduleDecision(): void {
    if (this.decision === null && this.thresholdTimer === null) this.decision = realSetImmediate(this.decide);
  }

  private cancelDecision(): void {
    if (this.decision !== null) {
      realClearImmediate(this.decision);
      this.decision = null;
    }
    if (this.thresholdTimer !== null) {
      realClearTimeout(this.thresholdTimer);
      this.thresholdTimer = null;
    }
  }

  private disarm(): void {
    this.armed = null;
    this.cancelDecision();
  }

  /**
   * Runs on the macrotask after the loop armed its wait, so the iteration that armed it and every
   * microtask it caused are over.
   */
  private readonly decide = (): void => {
    this.decision = null;
    const armed = this.armed;
    if (armed === null) return;
    // A deadline already reached (time was advanced while the loop was stopped) is always honoured.
    if (armed.deadline <= this.time) {
      this.jumpTo(armed.deadline);
      return;
    }
    // While advance() drives, or without autojump, time only moves on request. With external work
    // in flight the loop calls wake() again when it ends, which re-arms and brings us back here.
    if (this.driving > 0 || !this.autojumpEnabled || this.externalBusy()) return;
    if (this.thresholdMs > 0) {
      this.thresholdTimer = realSetTimeout(this.afterThreshold, this.thresholdMs);
      return;
    }
    this.jumpTo(armed.deadline);
  };

  private readonly afterThreshold = (): void => {
    this.thresholdTimer = null;
    const armed = this.armed;
    if (armed === null || this.driving > 0 || !this.autojumpEnabled || this.externalBusy()) return;
    this.jumpTo(armed.deadline);
  };

  /** Moves time to `target` (never back), wakes the loop if its deadline is reached, then tells listeners. */
  private jumpTo(target: number): void {
    const moved = target > this.time;
    if (moved) this.time = target;
    const armed = this.armed;
    if (armed !== null && armed.deadline <= this.time) {
      this.disarm();
      armed.wake();
    }
    if (moved) this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.time);
      } catch (err) {
        const report: ExceptionContext = { message: "A VirtualClock time listener failed", exception: err };
        if (typeof this.host?.callExceptionHandler === "function") this.host.callExceptionHandler(report);
        else console.error(report.message, err);
      }
    }
  }
}
