import { brandClass } from "@tsio/loop";

/**
 * What `retry()` throws when every attempt failed: an `AggregateError` whose `errors` are the
 * failures in the order they happened and whose `cause` is the last of them (the one a caller
 * usually wants to show).
 *
 * @example
 * ```ts
 * try {
 *   await retry(() => fetchJson(url), { attempts: 3 });
 * } catch (err) {
 *   if (err instanceof RetryError) console.error(`gave up after ${err.attempts}:`, err.cause);
 * }
 * ```
 */
export class RetryError extends AggregateError {
  static {
    brandClass(RetryError, "RetryError");
  }
  /** Every attempt's failure, first to last. */
  declare errors: unknown[];
  /** The last attempt's failure (also `errors.at(-1)`). */
  declare cause: unknown;
  /** Always `"RetryError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "RetryError";
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(errors: Iterable<unknown>, message?: string) {
    if (typeof (errors as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== "function") {
      throw new TypeError(`new RetryError(errors): errors must be an iterable (an array) of the failures, got ${typeof errors}.`);
    }
    const list = Array.from(errors);
    const last = list.at(-1);
    super(list, message ?? describe(list), { cause: last });
    this.attempts = list.length;
  }
}

function describe(errors: readonly unknown[]): string {
  const last = errors.at(-1);
  const detail = last instanceof Error ? `${last.name}: ${last.message}` : String(last);
  const count = errors.length === 1 ? "the only attempt" : `all ${errors.length} attempts`;
  return `retry() gave up: ${count} failed (last: ${detail}); see .errors for each attempt.`;
}
