import { assertDelay, checkOptions, describeValue } from "@tsio/loop";

/**
 * How long `retry()` waits before a retry: called with the retry's number (1 before the second
 * attempt, 2 before the third, ...) and the `random` source of the retry's options (a number in
 * [0, 1), `Math.random` unless a test injects a seeded one), it returns milliseconds.
 *
 * @example
 * ```ts
 * const linear: Backoff = (retry) => 100 * retry; // 100, 200, 300 ms ...
 * await retry(() => fetchPage(url), { backoff: linear });
 * ```
 */
export type Backoff = (retry: number, random: () => number) => number;

/**
 * Options for `exponential()`.
 *
 * @example
 * ```ts
 * const options: ExponentialOptions = { baseMs: 50, factor: 3, maxMs: 2000, jitter: 0.5 };
 * ```
 */
export interface ExponentialOptions {
  /** The delay before the first retry, in ms (default 100). */
  baseMs?: number;
  /** What each delay is multiplied by for the next one: at least 1 (default 2). */
  factor?: number;
  /** The longest delay, in ms (default 30 000); the cap applies before jitter. */
  maxMs?: number;
  /**
   * How much of each delay is random, from 0 (none, the default) to 1 ("full jitter": anywhere
   * between 0 and the delay). With `jitter: j` a delay `d` becomes `d * (1 - j * random())`,
   * which spreads out clients that failed together.
   */
  jitter?: number;
}

function assertNumberIn(value: unknown, what: string, min: number, max: number): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`${what} must be a number, got ${describeValue(value)}.`);
  if (!(value >= min && value <= max)) throw new RangeError(`${what} must be between ${min} and ${max}, got ${value}.`);
}

/**
 * Delays that grow by `factor` from `baseMs` up to `maxMs`, optionally with jitter: 100, 200,
 * 400, 800 ms ... with the defaults. Bad options throw `TypeError`/`RangeError` at the call.
 *
 * @example
 * ```ts
 * await retry(() => connect(), {
 *   attempts: 6,
 *   backoff: exponential({ baseMs: 200, maxMs: 5000, jitter: 1 }),
 * });
 * ```
 */
export function exponential(options: ExponentialOptions = {}): Backoff {
  checkOptions(options, ["baseMs", "factor", "maxMs", "jitter"], "exponential(options)");
  const { baseMs = 100, factor = 2, maxMs = 30_000, jitter = 0 } = options;
  assertDelay(baseMs, "exponential({ baseMs }): baseMs");
  assertNumberIn(factor, "exponential({ factor }): factor", 1, Number.POSITIVE_INFINITY);
  assertDelay(maxMs, "exponential({ maxMs }): maxMs");
  assertNumberIn(jitter, "exponential({ jitter }): jitter", 0, 1);
  return (retry, random) => {
    const delay = Math.min(maxMs, baseMs * factor ** (retry - 1));
    return jitter === 0 ? delay : delay * (1 - jitter * random());
  };
}

/**
 * The same delay before every retry. `fixed(0)` retries on the next loop iteration.
 *
 * @example
 * ```ts
 * await retry(() => readConfig(), { attempts: 5, backoff: fixed(250) });
 * ```
 */
export function fixed(ms: number): Backoff {
  assertDelay(ms, "fixed(ms): ms");
  return () => ms;
}
