import { assertBoolean, assertDelay, brandClass, checkOptions, describeValue, type EventLoop, type ExceptionContext } from "@tsio/loop";
import { Runner, reportUnretrieved } from "@tsio/tasks";
import { checkFakeGlobalsOption, type FakeGlobals, type FakeGlobalsOptions, installFakeGlobals } from "./fake-globals.js";
import { checkLeaks } from "./leak-check.js";
import { TaskTrace } from "./trace.js";
import { VirtualClock, type VirtualClockOptions } from "./virtual-clock.js";

/**
 * Options for `loopTest()` and `runLoopTest()`.
 *
 * @example
 * ```ts
 * const options: LoopTestOptions = { fakeGlobals: true, checkTimers: false, maxBlockingMs: 50 };
 * ```
 */
export interface LoopTestOptions extends VirtualClockOptions {
  /** Make the global timers, `Date` and `performance.now` follow the loop. */
  fakeGlobals?: boolean | FakeGlobalsOptions;
  /** Fail when timers are left armed at the end (default true; set false to opt out). */
  checkTimers?: boolean;
  /** Opt-in: fail when one callback or task step blocked the loop longer than this (real ms). */
  maxBlockingMs?: number;
  /** Record a `TaskTrace` (pass one to keep it after the test). */
  trace?: boolean | TaskTrace;
  /** Name of the main task. */
  name?: string;
}

/**
 * What a loop test's function receives: the virtual clock (to `advance()` it, read `now()`), the
 * loop, and the trace when one was asked for.
 *
 * @example
 * ```ts
 * loopTest("retries after one second", async ({ clock }) => {
 *   await retrying(fetchFlaky);
 *   expect(clock.now()).toBe(1000);
 * });
 * ```
 */
export interface LoopTestContext {
  /** The virtual clock driving the loop: read `now()`, or `advance()` it when autojump is off. */
  readonly clock: VirtualClock;
  /** The fresh loop the test body runs on as its main task. */
  readonly loop: EventLoop;
  /** The trace being recorded when the `trace` option was set, else `null`. */
  readonly trace: TaskTrace | null;
}

/**
 * The body of a loop test; it runs as the main task of a fresh virtual loop.
 *
 * @example
 * ```ts
 * const body: LoopTestFunction = async ({ clock }) => { await sleep(10); };
 * ```
 */
export type LoopTestFunction = (context: LoopTestContext) => unknown;

/**
 * Thrown by a loop test whose body succeeded but that left the loop unclean; `problems` lists
 * every finding, one sentence each.
 *
 * @example
 * ```ts
 * try { await runLoopTest(body); } catch (err) {
 *   if (err instanceof LoopTestError) console.log(err.problems);
 * }
 * ```
 */
export class LoopTestError extends Error {
  static {
    brandClass(LoopTestError, "LoopTestError");
  }
  /** Always `"LoopTestError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "LoopTestError";
  /** Every finding (leaked task, armed timer, unretrieved or reported error, blocking), one sentence each. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The loop test left problems behind:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

function describeReport(context: ExceptionContext, maxBlockingMs: number | undefined): string {
  if (typeof context.durationMs === "number") {
    return `the loop was blocked for ${context.durationMs.toFixed(1)} ms (limit ${maxBlockingMs} ms): ${context.message}`;
  }
  const err = context.exception;
  const detail = err instanceof Error ? `: ${err.name}: ${err.message}` : err === undefined ? "" : `: ${String(err)}`;
  if (context.message.startsWith("Task exception was never retrieved")) {
    return `an exception was never retrieved (${context.message.slice("Task exception was never retrieved: ".length)})${detail}`;
  }
  return `the loop reported an error: ${context.message}${detail}`;
}

/**
 * Runs `fn` as the main task of a fresh loop on a `VirtualClock` and checks the loop is clean
 * afterwards: no task left pending, no timer left armed (unless `checkTimers: false`), no exception
 * left unretrieved or otherwise reported to the loop's exception handler, and (with
 * `maxBlockingMs`) no callback that blocked the loop too long. Rejects with `fn`'s own error if it
 * failed, else with a `LoopTestError` listing the problems. The framework-neutral core of
 * `loopTest` from `@tsio/testing/vitest`.
 *
 * @example
 * ```ts
 * await runLoopTest(async () => {
 *   createTask(() => sleep(1000)); // never awaited
 * }); // rejects: LoopTestError "1 task still pending ... 1 timer still armed on the loop"
 * ```
 */
export async function runLoopTest(fn: LoopTestFunction, options: LoopTestOptions = {}): Promise<void> {
  if (typeof fn !== "function") {
    throw new TypeError(`runLoopTest(fn): fn must be a function (the test body), got ${describeValue(fn)}.`);
  }
  checkOptions(
    options,
    ["start", "autojump", "autojumpThreshold", "fakeGlobals", "checkTimers", "maxBlockingMs", "trace", "name"],
    "runLoopTest(fn, options)",
  );
  const { fakeGlobals, checkTimers = true, maxBlockingMs, trace: traceOption, name } = options;
  assertBoolean(checkTimers, "runLoopTest(fn, options): options.checkTimers");
  if (traceOption !== undefined && typeof traceOption !== "boolean" && !(traceOption instanceof TaskTrace)) {
    throw new TypeError(
      `runLoopTest(fn, options): options.trace must be true, false or a TaskTrace, got ${describeValue(traceOption)}.`,
    );
  }
  if (maxBlockingMs !== undefined) assertDelay(maxBlockingMs, "loopTest options.maxBlockingMs");
  const clock = new VirtualClock({
    ...(options.start !== undefined && { start: options.start }),
    ...(options.autojump !== undefined && { autojump: options.autojump }),
    ...(options.autojumpThreshold !== undefined && { autojumpThreshold: options.autojumpThreshold }),
  });
  const runner = new Runner({
    clock,
    handleSigint: false,
    // The kernel measures blocking only in debug mode; it then reports never-awaited awaitables too.
    ...(maxBlockingMs !== undefined && { debug: true, slowCallbackMs: maxBlockingMs }),
    ...(name !== undefined && { name }),
  });
  const loop = runner.getLoop();
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reports.push(context);
  });
  let fake: FakeGlobals | null = null;
  let trace: TaskTrace | null = null;
  const problems: string[] = [];
  let failed = false;
  let failure: unknown;
  try {
    checkFakeGlobalsOption(fakeGlobals, "runLoopTest(fn, options)");
    if (fakeGlobals !== undefined && fakeGlobals !== false) {
      fake = installFakeGlobals(loop, clock, fakeGlobals === true ? {} : fakeGlobals);
    }
    if (traceOption !== undefined && traceOption !== false) {
      trace = (traceOption === true ? new TaskTrace() : traceOption).start(loop);
    }
    const context: LoopTestContext = { clock, loop, trace };
    try {
      await runner.run(() => fn(context));
    } catch (err) {
      failed = true;
      failure = err;
    }
    if (!failed) {
      problems.push(...checkLeaks(loop, { timers: checkTimers, fakeGlobals: fake }).problems);
      reportUnretrieved(loop);
    }
  } finally {
    try {
      await runner.close();
    } finally {
      trace?.stop();
      fake?.uninstall();
    }
  }
  if (failed) throw failure;
  for (const report of reports) problems.push(describeReport(report, maxBlockingMs));
  if (problems.length > 0) throw new LoopTestError(problems);
}
