import { describeValue } from "@tsio/loop";

/**
 * @internal Throws `TypeError` unless `value` is an integer and `RangeError` when it is below
 * `min`, naming `what` so the message points at the argument.
 */
export function assertCount(value: unknown, what: string, min: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${describeValue(value)}.`);
  }
  if (value < min) throw new RangeError(`${what} must be at least ${min}, got ${value}.`);
}
