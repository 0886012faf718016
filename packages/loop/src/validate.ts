/**
 * Throws a TypeError naming `what` unless `fn` is callable.
 *
 * @example
 * ```ts
 * assertFunction(callback, "callSoon(callback): callback");
 * ```
 */
export function assertFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`${what} must be a function, got ${describeValue(fn)}.`);
  }
}

const NO_ENDLESS_DELAY =
  "a delay that never ends schedules nothing. To wait without a time limit, await the work itself; timeout(), waitFor(), wait() and asCompleted() take null (or Infinity) for no limit.";

/**
 * Throws unless `ms` is a finite, non-negative number of milliseconds: `TypeError` for a
 * non-number, `RangeError` for NaN, a negative number or Infinity.
 *
 * @example
 * ```ts
 * assertDelay(ms, "sleep(ms): ms"); // sleep(-1) and sleep(Infinity) throw RangeError
 * ```
 */
export function assertDelay(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== "number") {
    throw new TypeError(`${what} must be a number of milliseconds, got ${describeValue(ms)}.`);
  }
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a number of milliseconds, got NaN.`);
  if (ms < 0) throw new RangeError(`${what} must not be negative, got ${ms} ms.`);
  if (ms === Number.POSITIVE_INFINITY) throw new RangeError(`${what} must be finite, got Infinity: ${NO_ENDLESS_DELAY}`);
}

/**
 * Throws unless `when` is a finite loop time in milliseconds (it may be in the past): `TypeError`
 * for a non-number, `RangeError` for NaN and ±Infinity.
 *
 * @example
 * ```ts
 * assertTime(when, "callAt(when): when");
 * ```
 */
export function assertTime(when: unknown, what: string): asserts when is number {
  if (typeof when !== "number") {
    throw new TypeError(`${what} must be a loop time in milliseconds, got ${describeValue(when)}.`);
  }
  if (Number.isNaN(when)) throw new RangeError(`${what} must be a loop time in milliseconds, got NaN.`);
  if (!Number.isFinite(when)) throw new RangeError(`${what} must be a finite loop time, got ${when}: ${NO_ENDLESS_DELAY}`);
}

/**
 * Reads a time limit in milliseconds: `null`, `undefined` and `Infinity` mean "no limit" and give
 * `null`; anything else must be a delay `assertDelay` accepts. For timeouts only: a timer API
 * (`callLater`, `sleep`) rejects Infinity.
 *
 * @example
 * ```ts
 * const ms = readTimeout(options.timeout, "wait() option timeout"); // number | null
 * if (ms !== null) loop.callLater(ms, expire);
 * ```
 */
export function readTimeout(ms: unknown, what: string): number | null {
  if (ms === null || ms === undefined || ms === Number.POSITIVE_INFINITY) return null;
  assertDelay(ms, what);
  return ms;
}

/**
 * Reads an absolute deadline in loop time: `null`, `undefined` and `Infinity` mean "no deadline"
 * and give `null`; anything else must be a time `assertTime` accepts.
 *
 * @example
 * ```ts
 * const when = readDeadline(given, "timeoutAt(when): when"); // number | null
 * ```
 */
export function readDeadline(when: unknown, what: string): number | null {
  if (when === null || when === undefined || when === Number.POSITIVE_INFINITY) return null;
  assertTime(when, what);
  return when;
}

/**
 * Throws a TypeError naming `what` unless `value` is `true` or `false` (a string such as `"no"` is
 * not taken for a boolean).
 *
 * @example
 * ```ts
 * if (options.debug !== undefined) assertBoolean(options.debug, "new EventLoop({ debug }): debug");
 * ```
 */
export function assertBoolean(value: unknown, what: string): asserts value is boolean {
  if (typeof value !== "boolean") throw new TypeError(`${what} must be true or false, got ${describeValue(value)}.`);
}

/** Lower case without `_` and `-`: how a near-miss option name (`return_when`) is matched. */
function squash(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

/**
 * Checks an options argument the same way everywhere: `undefined` is no options, anything but a
 * plain object (`null` included) is a `TypeError`, and so is a key not in `allowed`, with the
 * option it was probably meant to be. Returns the options, or an empty object for `undefined`.
 *
 * @example
 * ```ts
 * const { timeout, returnWhen } = checkOptions(options, ["timeout", "returnWhen"], "wait()");
 * // wait(aws, { return_when: FIRST_COMPLETED }) throws:
 * // TypeError: wait() got an unknown option "return_when" (did you mean returnWhen?): the options are timeout, returnWhen.
 * ```
 */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly (keyof T & string)[], api: string): Partial<T> {
  if (options === undefined) return {};
  const proto = typeof options === "object" && options !== null ? Object.getPrototypeOf(options) : undefined;
  if (
    proto === undefined ||
    (proto !== Object.prototype && proto !== null) ||
    typeof (options as { then?: unknown }).then === "function"
  ) {
    throw new TypeError(`${api} options must be an object like { ${allowed.join(", ")} }, got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if ((allowed as readonly string[]).includes(key)) continue;
    const near = allowed.find((name) => squash(name) === squash(key));
    const list = allowed.length === 0 ? "it takes no options" : `the options are ${allowed.join(", ")}`;
    throw new TypeError(`${api} got an unknown option "${key}"${near !== undefined ? ` (did you mean ${near}?)` : ""}: ${list}.`);
  }
  return options;
}

/**
 * A short, safe description of any value for error messages.
 *
 * @example
 * ```ts
 * describeValue(Promise.resolve()); // "a promise"
 * describeValue("x"); // 'the string "x"'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "object") {
    if (typeof (value as { then?: unknown }).then === "function") return "a promise";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    const ctor = (value as object).constructor;
    return ctor && ctor !== Object ? `an instance of ${ctor.name}` : "an object";
  }
  return `${typeof value} ${String(value)}`;
}
