import { checkOptions, describeValue, EventLoopError, tryGetRunningLoop } from "@tsio/loop";
import { Runner, type TaskFunction } from "@tsio/tasks";
import { checkFakeGlobalsOption, type FakeGlobals, type FakeGlobalsOptions, installFakeGlobals } from "./fake-globals.js";
import { TaskTrace } from "./trace.js";
import { VirtualClock, type VirtualClockOptions } from "./virtual-clock.js";

/**
 * Options for `runVirtual()`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * await runVirtual(main, { clock, fakeGlobals: true });
 * console.log(clock.now()); // the virtual time at which main finished
 * ```
 */
export interface RunVirtualOptions extends VirtualClockOptions {
  /**
   * A clock you made (to read `now()` afterwards, or to drive it with `advance()`); then `start`,
   * `autojump` and `autojumpThreshold` must not be given.
   */
  clock?: VirtualClock;
  /** Make the global timers, `Date` and `performance.now` follow the loop (see `installFakeGlobals`). */
  fakeGlobals?: boolean | FakeGlobalsOptions;
  /** Record task events of this run into `trace`. */
  trace?: TaskTrace;
  /** The loop's debug mode (slow callbacks and never-awaited awaitables are reported). */
  debug?: boolean;
  /** Debug-mode slow-callback threshold in real ms. */
  slowCallbackMs?: number;
  /** Name of the main task. */
  name?: string;
}

/**
 * Like `run(main)` from `@tsio/tasks`, on a fresh loop driven by a `VirtualClock`: sleeps and
 * timeouts take no real time, and the order of events is the same on every run. Resolves with
 * `main`'s result (or rejects with its error) after the loop has been shut down as `run()` does;
 * faked globals and the trace are restored and stopped also when `main` fails.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const result = await runVirtual(async () => {
 *   await sleep(2000);
 *   return "slept";
 * }, { clock });
 * console.log(result, clock.now()); // "slept" 2000, after a millisecond or so of real time
 * ```
 */
export function runVirtual<T>(main: TaskFunction<T>, options?: RunVirtualOptions): Promise<T> {
  if (typeof main !== "function") {
    throw new TypeError(`runVirtual(main): main must be a function (an async function to run), got ${describeValue(main)}.`);
  }
  const { clock: given, start, autojump, autojumpThreshold, fakeGlobals, trace, debug, slowCallbackMs, name } = checkOptions(
    options,
    ["clock", "start", "autojump", "autojumpThreshold", "fakeGlobals", "trace", "debug", "slowCallbackMs", "name"],
    "runVirtual(main, options)",
  );
  if (trace !== undefined && !(trace instanceof TaskTrace)) {
    throw new TypeError(`runVirtual(main, options): options.trace must be a TaskTrace (new TaskTrace()), got ${describeValue(trace)}.`);
  }
  if (tryGetRunningLoop() !== null) {
    throw new EventLoopError("runVirtual() cannot be called from a running event loop: await the async function instead.");
  }
  if (given !== undefined) {
    if (!(given instanceof VirtualClock)) {
      throw new TypeError(`runVirtual options.clock must be a VirtualClock, got ${describeValue(given)}.`);
    }
    if (start !== undefined || autojump !== undefined || autojumpThreshold !== undefined) {
      throw new TypeError("runVirtual: pass either options.clock or start/autojump/autojumpThreshold, not both.");
    }
  }
  const clock =
    given ??
    new VirtualClock({
      ...(start !== undefined && { start }),
      ...(autojump !== undefined && { autojump }),
      ...(autojumpThreshold !== undefined && { autojumpThreshold }),
    });
  const runner = new Runner({
    clock,
    handleSigint: false,
    ...(debug !== undefined && { debug }),
    ...(slowCallbackMs !== undefined && { slowCallbackMs }),
    ...(name !== undefined && { name }),
  });
  const loop = runner.getLoop();
  let fake: FakeGlobals | null = null;
  try {
    checkFakeGlobalsOption(fakeGlobals, "runVirtual(main, options)");
    if (fakeGlobals !== undefined && fakeGlobals !== false) {
      fake = installFakeGlobals(loop, clock, fakeGlobals === true ? {} : fakeGlobals);
    }
    trace?.start(loop);
  } catch (err) {
    fake?.uninstall();
    loop.close();
    throw err;
  }
  const cleanUp = async (): Promise<void> => {
    try {
      await runner.close();
    } finally {
      trace?.stop();
      fake?.uninstall();
    }
  };
  let result: Promise<T>;
  try {
    result = runner.run(main);
  } catch (err) {
    void cleanUp().catch(() => undefined);
    throw err;
  }
  return result.then(
    async (value) => {
      await cleanUp();
      return value;
    },
    async (err: unknown) => {
      await cleanUp();
      throw err;
    },
  );
}
