import { assertFunction, getRunningLoop, TimeoutError } from "@tsio/loop";
import { CancelScope, readScopeDeadline, readScopeLimit } from "./cancel-scope.js";

/**
 * Runs `fn(scope)` with a deadline `ms` milliseconds from now and resolves with its result; if the
 * deadline cuts it short, the work is cancelled, its clean-up runs, and this throws `TimeoutError`
 * (Trio's `fail_after`). A cancellation from elsewhere still propagates as `CancelledError`.
 * `Infinity` means no deadline. Must be called inside a task.
 *
 * @example
 * ```ts
 * try {
 *   await failAfter(1000, () => connect(host));
 * } catch (err) {
 *   if (err instanceof TimeoutError) console.log("connect took over 1 s");
 * }
 * ```
 */
export function failAfter<T>(ms: number, fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T> {
  const limit = readScopeLimit(ms, "failAfter(ms, fn): ms");
  assertFunction(fn, "failAfter(ms, fn): fn");
  return runOrFail(new CancelScope({ deadline: getRunningLoop().time() + limit }), fn);
}

/**
 * Like `failAfter`, with an absolute deadline in loop time (ms, as `loop.time()`; `Infinity` for
 * none).
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 5000;
 * await failAt(deadline, () => migrate(db)); // TimeoutError once loop.time() reaches deadline
 * ```
 */
export function failAt<T>(when: number, fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T> {
  const deadline = readScopeDeadline(when, "failAt(when, fn): when");
  assertFunction(fn, "failAt(when, fn): fn");
  return runOrFail(new CancelScope({ deadline }), fn);
}

async function runOrFail<T>(scope: CancelScope, fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T> {
  const value = await scope.run(fn);
  if (scope.cancelledCaught) {
    throw new TimeoutError(`The deadline passed (${scope.deadline} ms on the loop clock) before the work finished.`);
  }
  return value as T;
}
