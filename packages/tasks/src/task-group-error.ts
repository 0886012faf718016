import { brandClass } from "@tsio/loop";

/**
 * What a `TaskGroup` throws when any of its tasks (or its body) failed: an `AggregateError` that
 * keeps every failure in `errors`, in the order they happened, like Python's `ExceptionGroup`.
 * Cancellations are not failures and are not listed.
 *
 * @example
 * ```ts
 * try {
 *   await taskGroup(async (g) => {
 *     g.createTask(() => fetchUser(1));
 *     g.createTask(() => fetchUser(-1)); // throws RangeError
 *   });
 * } catch (err) {
 *   if (err instanceof TaskGroupError) for (const e of err.errors) console.error(e);
 * }
 * ```
 */
export class TaskGroupError extends AggregateError {
  static {
    brandClass(TaskGroupError, "TaskGroupError");
  }
  /** Every failure, in the order they happened. */
  declare errors: unknown[];
  /** Always `"TaskGroupError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "TaskGroupError";

  constructor(errors: Iterable<unknown>, message?: string) {
    if (typeof (errors as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== "function") {
      throw new TypeError(`new TaskGroupError(errors): errors must be an iterable (an array) of the failures, got ${typeof errors}.`);
    }
    const list = Array.from(errors);
    super(list, message ?? describeFailures(list));
  }
}

function describeFailures(errors: readonly unknown[]): string {
  const first = errors[0];
  const detail = first instanceof Error ? `${first.name}: ${first.message}` : String(first);
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  return `A TaskGroup failed with ${count} (first: ${detail}); see .errors for all of them.`;
}
