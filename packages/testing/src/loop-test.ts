import { test } from "vitest";
import { type LoopTestFunction, type LoopTestOptions, runLoopTest } from "./run-loop-test.js";

/**
 * Options for `loopTest()`: the loop-test checks plus vitest's own `timeout` (real ms).
 *
 * @example
 * ```ts
 * loopTest("slow", body, { timeout: 10_000, checkTimers: false });
 * ```
 */
export interface LoopTestVitestOptions extends LoopTestOptions {
  /** vitest's per-test timeout, in real ms. */
  timeout?: number;
}

/** Registers one vitest test. */
type Register = (name: string, fn: () => Promise<void>, timeout?: number) => void;

/**
 * `loopTest` and its variants, mirroring vitest's `test.skip` / `test.only` / `test.fails`.
 *
 * @example
 * ```ts
 * loopTest.fails("leaks a task", async () => { createTask(() => sleep(10)); });
 * ```
 */
export interface LoopTestApi {
  (name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions): void;
  /** Registers the test as skipped. */
  skip(name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions): void;
  /** Runs only this test (and other `.only` ones) in the file. */
  only(name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions): void;
  /** Expects the loop test to fail: passes when the body throws or leaves the loop unclean. */
  fails(name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions): void;
}

function variant(register: Register): (name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions) => void {
  return (name, fn, options = {}) => {
    if (typeof fn !== "function") throw new TypeError(`loopTest("${name}", fn): fn must be a function (the test body).`);
    const { timeout, ...loopOptions } = options;
    register(name, () => runLoopTest(fn, loopOptions), timeout);
  };
}

/**
 * A vitest test whose body runs as the main task of a fresh loop on a `VirtualClock` (sleeps and
 * timeouts take no real time), and which fails when the body throws or when it leaves tasks
 * pending, timers armed (opt out with `checkTimers: false`), an exception unretrieved, or (opt in
 * with `maxBlockingMs`) blocked the loop too long. Import it from `@tsio/testing/vitest`.
 *
 * @example
 * ```ts
 * import { loopTest } from "@tsio/testing/vitest";
 *
 * loopTest("times out after 5 s", async ({ clock }) => {
 *   await expect(waitFor(() => sleep(60_000), 5000)).rejects.toThrow(TimeoutError);
 *   expect(clock.now()).toBe(5000);
 * });
 * ```
 */
export const loopTest: LoopTestApi = Object.assign(variant(test as Register), {
  skip: variant(test.skip as Register),
  only: variant(test.only as Register),
  fails: variant(test.fails as Register),
});
