import { describeValue } from "@tsio/loop";

/**
 * Throws a `TypeError` unless `fn` is a function. The commonest newcomer mistake is passing the
 * promise an async function already returned (`createTask(fetchUser(1))`), so the message shows
 * the call that works.
 */
export function assertTaskFunction(fn: unknown, api: string, rightCall: string): asserts fn is () => unknown {
  if (typeof fn === "function") return;
  const isThenable = typeof fn === "object" && fn !== null && typeof (fn as { then?: unknown }).then === "function";
  if (isThenable) {
    throw new TypeError(
      `${api}() takes a function, not a promise: the promise's work has already started and cannot be scheduled. Write ${rightCall} instead.`,
    );
  }
  throw new TypeError(`${api}() takes a function that starts the work, got ${describeValue(fn)}. Write ${rightCall}.`);
}
