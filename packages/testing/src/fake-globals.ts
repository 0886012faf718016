import * as perfHooks from "node:perf_hooks";
import FakeTimers from "@sinonjs/fake-timers";
import { checkOptions, describeValue, EventLoop, InvalidStateError, type TimerHandle } from "@tsio/loop";
import { VirtualClock } from "./virtual-clock.js";

/**
 * Options for `fakeGlobals`.
 *
 * @example
 * ```ts
 * await runVirtual(main, { fakeGlobals: { now: new Date("2030-01-01T00:00:00Z") } });
 * ```
 */
export interface FakeGlobalsOptions {
  /**
   * What `Date.now()` reads when the globals are installed. By default it reads the loop's time,
   * so `Date.now() === loop.time()` (and dates start in 1970, as with fake-timers' own default).
   */
  now?: number | Date;
}

/**
 * Faked globals in step with one loop; `uninstall()` restores the real ones.
 *
 * @example
 * ```ts
 * const fake = installFakeGlobals(loop, clock);
 * try {
 *   await runner.run(main);
 * } finally {
 *   fake.uninstall();
 * }
 * ```
 */
export interface FakeGlobals {
  /** How many faked `setTimeout`/`setInterval` timers are scheduled and not cleared. */
  pendingTimers(): number;
  /** How many loop timers this installation keeps (one at the earliest faked deadline, or none). */
  loopTimers(): number;
  /**
   * Restores the real `setTimeout`, `setInterval`, `Date` and `performance`, and returns how many
   * faked timers were still pending. Idempotent.
   */
  uninstall(): number;
  /** Same as `uninstall()`, so `using fake = installFakeGlobals(...)` restores the globals on scope exit. */
  [Symbol.dispose](): void;
}

/** The globals that follow the loop. setImmediate, queueMicrotask and process.nextTick stay real: the kernel and Node itself run on them. */
const FAKED = ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] as const;
type Wrapped = "setTimeout" | "clearTimeout" | "setInterval" | "clearInterval";
const WRAPPED: readonly Wrapped[] = ["setTimeout", "clearTimeout", "setInterval", "clearInterval"];

let active = false;

/** @internal The `fakeGlobals` option of runVirtual and runLoopTest: a boolean or the options object. */
export function checkFakeGlobalsOption(value: unknown, api: string): void {
  if (value !== undefined && typeof value !== "boolean" && (typeof value !== "object" || value === null)) {
    throw new TypeError(`${api}: options.fakeGlobals must be true, false or an object like { now }, got ${describeValue(value)}.`);
  }
}

/**
 * Makes the global `setTimeout`, `setInterval` (and their `clear*`), `Date` and `performance.now`
 * (also through `node:timers`, `node:timers/promises` and `node:perf_hooks`) follow `clock`, the
 * virtual clock driving `loop`: a faked timer becomes a deadline of the loop, so auto-jumps stop at
 * it and its callback fires at exactly its virtual time, and `Date.now()` moves with `loop.time()`.
 * Built on `@sinonjs/fake-timers`. `runVirtual(main, { fakeGlobals: true })` and `loopTest` install
 * and uninstall it for you, also when the test fails.
 *
 * @example
 * ```ts
 * await runVirtual(async () => {
 *   const t0 = Date.now();
 *   await new Promise((resolve) => setTimeout(resolve, 5000)); // third-party style
 *   console.log(Date.now() - t0, getRunningLoop().time()); // 5000 5000
 * }, { fakeGlobals: true });
 * ```
 */
export function installFakeGlobals(loop: EventLoop, clock: VirtualClock, options?: FakeGlobalsOptions): FakeGlobals {
  if (!(loop instanceof EventLoop)) {
    throw new TypeError(`installFakeGlobals(loop, clock): loop must be an EventLoop, got ${describeValue(loop)}.`);
  }
  if (!(clock instanceof VirtualClock) || loop.clock !== clock) {
    throw new TypeError(`installFakeGlobals(loop, clock): clock must be the clock that drives loop (its VirtualClock), got ${describeValue(clock)}.`);
  }
  const { now } = checkOptions(options, ["now"], "installFakeGlobals(loop, clock, options)");
  if (now !== undefined && !(now instanceof Date) && (typeof now !== "number" || !Number.isFinite(now))) {
    throw new TypeError(`fakeGlobals.now must be a Date or a finite number of ms since the epoch, got ${describeValue(now)}.`);
  }
  if (active) {
    throw new InvalidStateError("Fake globals are already installed for another virtual loop; uninstall them first.");
  }
  const epoch = now === undefined ? clock.now() : now instanceof Date ? now.getTime() : now;
  // fake time = epoch + (loop time - base): fake-timers counts from `epoch`, the loop from `base`.
  const base = clock.now();
  const fake = FakeTimers.install({ now: epoch, toFake: [...FAKED], loopLimit: 100_000 });
  active = true;

  const originals = new Map<Wrapped, (...args: never[]) => unknown>();
  let pump: TimerHandle | null = null;
  let pumpAt = Number.POSITIVE_INFINITY;
  let uninstalled = false;
  let leftover = 0;

  const toLoopTime = (fakeTime: number): number => fakeTime - epoch + base;

  /** Brings the faked clock up to the loop's time, firing the faked timers that fall due. */
  const catchUp = (): void => {
    const target = epoch + (clock.now() - base);
    const delta = target - fake.now;
    try {
      fake.tick(Math.max(delta, 0));
    } catch (err) {
      // fake-timers runs every due callback, then rethrows the first error; a real timer's error
      // would be an uncaught exception, under the loop it goes to the exception handler.
      loop.callExceptionHandler({ message: "Exception in a faked setTimeout/setInterval callback", exception: err });
    }
  };

  /** Keeps one loop timer at the earliest faked deadline, so the loop (and autojump) stops there. */
  const resync = (): void => {
    if (uninstalled || loop.isClosed()) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const timer of fake.timers?.values() ?? []) {
      if (timer.callAt !== undefined && timer.callAt < earliest) earliest = timer.callAt;
    }
    if (earliest === pumpAt && pump !== null) return;
    pump?.cancel();
    pump = null;
    pumpAt = earliest;
    if (earliest !== Number.POSITIVE_INFINITY) pump = loop.callAt(toLoopTime(earliest), runFakeTimers);
  };

  const runFakeTimers = (): void => {
    pump = null;
    pumpAt = Number.POSITIVE_INFINITY;
    catchUp();
    resync();
  };

  // The installed globals call `fake[name]` on every use, so wrapping the clock's own methods covers
  // the globals, node:timers and node:timers/promises alike.
  const methods = fake as unknown as Record<Wrapped, (...args: unknown[]) => unknown>;
  for (const name of WRAPPED) {
    const original = methods[name];
    originals.set(name, original);
    methods[name] = (...args: unknown[]) => {
      const result = original.apply(fake, args);
      resync();
      return result;
    };
  }

  // Read the loop's time itself rather than fake-timers' hrtime, so performance.now() === loop.time().
  const virtualNow = (): number => clock.now();
  fake.performance.now = virtualNow;
  const perfNow = Object.getOwnPropertyDescriptor(perfHooks.performance, "now");
  if (perfNow?.configurable) Object.defineProperty(perfHooks.performance, "now", { ...perfNow, value: virtualNow });

  const offTimeChange = clock.onTimeChange(() => {
    catchUp();
    resync();
  });

  const uninstall = (): number => {
    if (uninstalled) return leftover;
    uninstalled = true;
    offTimeChange();
    pump?.cancel();
    pump = null;
    // fake-timers restores the globals from flags it keeps on its own functions: put them back first.
    for (const [name, original] of originals) methods[name] = original as (...args: unknown[]) => unknown;
    try {
      leftover = fake.countTimers();
      fake.uninstall();
    } finally {
      active = false;
    }
    return leftover;
  };

  return {
    pendingTimers: () => (uninstalled ? leftover : fake.countTimers()),
    loopTimers: () => (pump !== null && !pump.cancelled() ? 1 : 0),
    uninstall,
    [Symbol.dispose]: () => {
      uninstall();
    },
  };
}
