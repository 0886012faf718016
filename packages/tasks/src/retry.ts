import { assertDelay, assertFunction, CancelledError, checkOptions, describeValue, getRunningLoop } from "@tsio/loop";
import { type Backoff, exponential } from "./backoff.js";
import { attachRetryErrors } from "./retry-errors.js";
import { sleep } from "./sleep.js";

/**
 * What `onRetry` is told after a failed attempt, before the wait for the next one.
 *
 * @example
 * ```ts
 * const onRetry = ({ attempt, error, delayMs }: RetryInfo) =>
 *   console.warn(`attempt ${attempt} failed (${String(error)}); again in ${delayMs} ms`);
 * ```
 */
export interface RetryInfo {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** Its failure. */
  readonly error: unknown;
  /** How long `retry()` now waits before the next attempt, in ms. */
  readonly delayMs: number;
  /** Every failure so far, first to last (`error` is the last). */
  readonly errors: readonly unknown[];
}

/**
 * Options for `retry()`.
 *
 * @example
 * ```ts
 * const options: RetryOptions = {
 *   attempts: 5,
 *   backoff: exponential({ baseMs: 100, jitter: 1 }),
 *   retryIf: (err) => !(err instanceof TypeError),
 * };
 * ```
 */
export interface RetryOptions {
  /** How many attempts in all, the first included: an integer of at least 1, or `Infinity` (default 3). */
  attempts?: number;
  /** The wait before each retry (default `exponential()`: 100, 200, 400 ms ...). */
  backoff?: Backoff;
  /**
   * Whether a failure is worth another attempt (default: every failure but `CancelledError`,
   * which is never retried). A failure it turns down is thrown at once, itself, with the
   * failures so far attached as for running out of attempts (see `retryErrors()`).
   */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Called after each failure that will be retried, before the wait; `retry()` awaits what it returns. */
  onRetry?: (info: RetryInfo) => void | PromiseLike<void>;
  /** Where the backoff's jitter comes from: a number in [0, 1) each call (default `Math.random`). Tests pass a seeded one. */
  random?: () => number;
}

const DEFAULT_ATTEMPTS = 3;

function assertAttempts(value: unknown): asserts value is number {
  if (typeof value !== "number" || !(Number.isInteger(value) || value === Number.POSITIVE_INFINITY)) {
    throw new TypeError(`retry(fn, { attempts }): attempts must be an integer or Infinity, got ${describeValue(value)}.`);
  }
  if (value < 1) throw new RangeError(`retry(fn, { attempts }): attempts must be at least 1 (the first try counts), got ${value}.`);
}

function optionalFunction(value: unknown, what: string): void {
  if (value !== undefined) assertFunction(value, what);
}

/**
 * Calls `fn` until it succeeds, at most `attempts` times, waiting `backoff` between attempts, and
 * resolves with its value. Each attempt runs in the calling task, so cancelling the task reaches
 * the attempt's awaits; the waits are tsio `sleep()`s, so they are cancellable and run on virtual
 * time in tests. `CancelledError` is never retried (a `timeout()` around `retry()` stops it, and
 * a cancellation during a wait is raised as it is). When the attempts run out, or `retryIf` turns a
 * failure down, `retry()` throws that last failure itself (same identity, so `instanceof` and the
 * caller's own handling work unchanged), with every attempt's failure, first to last, attached:
 * `retryErrors(err)` reads them back.
 *
 * Must be called inside a running loop (`EventLoopError` otherwise); bad options throw
 * `TypeError`/`RangeError` at the call.
 *
 * @example
 * ```ts
 * const page = await retry((attempt) => fetchPage(url, { attempt }), {
 *   attempts: 4,
 *   backoff: exponential({ baseMs: 200, maxMs: 2000, jitter: 1 }),
 *   retryIf: (err) => err instanceof NetworkError,
 *   onRetry: ({ attempt, delayMs }) => console.warn(`attempt ${attempt} failed, retrying in ${delayMs} ms`),
 * });
 *
 * try {
 *   await retry(() => connect(host), { attempts: 3 });
 * } catch (err) {
 *   console.error(err, "after", retryErrors(err)?.length, "attempts"); // the third failure itself
 * }
 * ```
 */
export function retry<T>(fn: (attempt: number) => T | PromiseLike<T>, options: RetryOptions = {}): Promise<Awaited<T>> {
  assertFunction(fn, "retry(fn, options): fn");
  checkOptions(options, ["attempts", "backoff", "retryIf", "onRetry", "random"], "retry(fn, options)");
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  assertAttempts(attempts);
  optionalFunction(options.backoff, "retry(fn, { backoff }): backoff");
  optionalFunction(options.retryIf, "retry(fn, { retryIf }): retryIf");
  optionalFunction(options.onRetry, "retry(fn, { onRetry }): onRetry");
  optionalFunction(options.random, "retry(fn, { random }): random");
  getRunningLoop(); // the waits need one: say so now, not after the first failure
  return retryLoop(fn, attempts, options);
}

async function retryLoop<T>(fn: (attempt: number) => T | PromiseLike<T>, attempts: number, options: RetryOptions): Promise<Awaited<T>> {
  const backoff = options.backoff ?? exponential();
  const random = options.random ?? Math.random;
  const errors: unknown[] = [];
  for (let n = 1; ; n++) {
    try {
      return await fn(n);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      errors.push(err);
      const refused = options.retryIf !== undefined && !options.retryIf(err, n);
      if (refused || n >= attempts) {
        attachRetryErrors(err, errors);
        throw err;
      }
    }
    const delayMs = backoff(n, random);
    assertDelay(delayMs, `retry(): the backoff's delay before retry ${n}`);
    if (options.onRetry !== undefined) await options.onRetry({ attempt: n, error: errors.at(-1), delayMs, errors: errors.slice() });
    await sleep(delayMs);
  }
}
