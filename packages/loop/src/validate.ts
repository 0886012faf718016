/** Throws a TypeError naming `what` unless `fn` is callable. */
export function assertFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`${what} must be a function, got ${describeValue(fn)}.`);
  }
}

/** Throws unless `ms` is a finite, non-negative number of milliseconds. */
export function assertDelay(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== "number") {
    throw new TypeError(`${what} must be a number of milliseconds, got ${describeValue(ms)}.`);
  }
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a number of milliseconds, got NaN.`);
  if (ms < 0) throw new RangeError(`${what} must not be negative, got ${ms} ms.`);
}

/** Throws unless `when` is a number that is not NaN (an absolute loop time may be in the past). */
export function assertTime(when: unknown, what: string): asserts when is number {
  if (typeof when !== "number") {
    throw new TypeError(`${what} must be a loop time in milliseconds, got ${describeValue(when)}.`);
  }
  if (Number.isNaN(when)) throw new RangeError(`${what} must be a loop time in milliseconds, got NaN.`);
}

/** A short, safe description of any value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "object") {
    if (typeof (value as { then?: unknown }).then === "function") return "a promise";
    const ctor = (value as object).constructor;
    return ctor && ctor !== Object ? `an instance of ${ctor.name}` : "an object";
  }
  return `${typeof value} ${String(value)}`;
}
