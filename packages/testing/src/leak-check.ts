import { assertBoolean, checkOptions, describeValue, EventLoop } from "@tsio/loop";
import { allTasks, type Task } from "@tsio/tasks";
import type { FakeGlobals } from "./fake-globals.js";

/**
 * Options for `checkLeaks()`.
 *
 * @example
 * ```ts
 * const report = checkLeaks(loop, { timers: false }); // tasks only
 * ```
 */
export interface LeakCheckOptions {
  /** Count timers still armed on the loop (and faked timers) as leaks. Default true. */
  timers?: boolean;
  /** The faked globals of this loop, so their pending timers count and their own loop timer does not. */
  fakeGlobals?: FakeGlobals | null;
}

/**
 * What a loop still holds after its main work is over.
 *
 * @example
 * ```ts
 * const report = checkLeaks(loop);
 * if (!report.ok) console.log(report.problems.join("\n"));
 * ```
 */
export interface LeakReport {
  /** Tasks that are not done. */
  readonly pendingTasks: Task<unknown>[];
  /** Loop timers still armed (cancelled ones excluded), not counting the faked globals' own. */
  readonly timers: number;
  /** Faked `setTimeout`/`setInterval` timers still pending. */
  readonly fakeTimers: number;
  /** One readable sentence per leak. */
  readonly problems: string[];
  /** Whether nothing leaked. */
  readonly ok: boolean;
}

function describeTask(task: Task<unknown>): string {
  const waiter = task._waiter;
  const waiting = waiter === null ? "" : ` (waiting on ${waiter.constructor.name})`;
  return `${task.toString()}${waiting}`;
}

/**
 * Looks for what a finished test (or program) left behind on `loop`: tasks still pending and, unless
 * `timers: false`, timers still armed. Call it after the main task is done, before the loop is
 * shut down (shutting down cancels the leftovers, hiding the leak).
 *
 * @example
 * ```ts
 * const runner = new Runner({ clock: new VirtualClock() });
 * await runner.run(async () => { createTask(() => sleep(1000)); });
 * console.log(checkLeaks(runner.getLoop()).problems);
 * // ["1 task still pending: <Task pending name='Task-2'> (waiting on SleepFuture)", "1 timer still armed on the loop"]
 * await runner.close();
 * ```
 */
export function checkLeaks(loop: EventLoop, options?: LeakCheckOptions): LeakReport {
  if (!(loop instanceof EventLoop)) throw new TypeError(`checkLeaks(loop): loop must be an EventLoop, got ${describeValue(loop)}.`);
  const { timers: checkTimers = true, fakeGlobals } = checkOptions(options, ["timers", "fakeGlobals"], "checkLeaks(loop, options)");
  assertBoolean(checkTimers, "checkLeaks(loop, options): options.timers");
  const fake = fakeGlobals ?? null;
  if (fake !== null && (typeof fake !== "object" || typeof fake.pendingTimers !== "function")) {
    throw new TypeError(`checkLeaks(loop, options): options.fakeGlobals must be what installFakeGlobals() returned (or null), got ${describeValue(fake)}.`);
  }
  const pendingTasks = [...allTasks(loop)];
  const timers = Math.max(0, loop.pendingWork().timers - (fake?.loopTimers() ?? 0));
  const fakeTimers = fake?.pendingTimers() ?? 0;
  const problems: string[] = [];
  if (pendingTasks.length > 0) {
    const n = pendingTasks.length;
    problems.push(`${n} task${n === 1 ? "" : "s"} still pending: ${pendingTasks.map(describeTask).join(", ")}`);
  }
  if (checkTimers && timers > 0) problems.push(`${timers} timer${timers === 1 ? "" : "s"} still armed on the loop`);
  if (checkTimers && fakeTimers > 0) {
    problems.push(`${fakeTimers} faked setTimeout/setInterval timer${fakeTimers === 1 ? "" : "s"} still pending`);
  }
  return { pendingTasks, timers, fakeTimers, problems, ok: problems.length === 0 };
}
