import { assertFunction, getRunningLoop } from "@tsio/loop";
import { CancelScope, readScopeDeadline, readScopeLimit } from "./cancel-scope.js";

/**
 * Runs `fn(scope)` with a deadline `ms` milliseconds from now and resolves with its result, or
 * with `undefined` if the deadline cut it short (Trio's `move_on_after`): the work is cancelled,
 * its clean-up runs, and the task moves on. A cancellation from elsewhere still propagates.
 * `Infinity` means no deadline. Must be called inside a task.
 *
 * @example
 * ```ts
 * const reply = await moveOnAfter(500, () => ask(peer));
 * if (reply === undefined) console.log("no answer in 500 ms, going on without it");
 * ```
 */
export function moveOnAfter<T>(ms: number, fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T | undefined> {
  const limit = readScopeLimit(ms, "moveOnAfter(ms, fn): ms");
  assertFunction(fn, "moveOnAfter(ms, fn): fn");
  return new CancelScope({ deadline: getRunningLoop().time() + limit }).run(fn);
}

/**
 * Like `moveOnAfter`, with an absolute deadline in loop time (ms, as `loop.time()`; `Infinity`
 * for none). A deadline already passed cancels the work at its first await.
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 2000;
 * const a = await moveOnAt(deadline, () => stepOne());
 * const b = await moveOnAt(deadline, () => stepTwo()); // one budget for both
 * ```
 */
export function moveOnAt<T>(when: number, fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T | undefined> {
  const deadline = readScopeDeadline(when, "moveOnAt(when, fn): when");
  assertFunction(fn, "moveOnAt(when, fn): fn");
  return new CancelScope({ deadline }).run(fn);
}
