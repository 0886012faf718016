import { describeValue } from "@tsio/loop";
import { test } from "vitest";
import { type LoopTestFunction, type LoopTestOptions, runLoopTest } from "./run-loop-test.js";

/**
 * Options for `loopTest()`: the loop-test checks plus vitest's own `timeout` (real ms).
 *
 * @example
 * ```ts
 * loopTest("slow", { timeout: 10_000, checkTimers: false }, body);
 * ```
 */
export interface LoopTestVitestOptions extends LoopTestOptions {
  /** vitest's per-test timeout, in real ms. */
  timeout?: number;
}

/** Registers one vitest test. */
type Register = (name: string, fn: () => Promise<void>, timeout?: number) => void;

/**
 * Registers one loop test. Takes the options after the body, or before it as vitest 4's own
 * `test(name, options, fn)` does.
 *
 * @example
 * ```ts
 * loopTest("slow", { timeout: 10_000 }, async () => { await sleep(60_000); });
 * loopTest("slow", async () => { await sleep(60_000); }, { timeout: 10_000 });
 * ```
 */
export interface LoopTestRegister {
  (name: string, fn: LoopTestFunction, options?: LoopTestVitestOptions): void;
  (name: string, options: LoopTestVitestOptions, fn: LoopTestFunction): void;
}

/**
 * `loopTest` and its variants, mirroring vitest's `test.skip` / `test.only` / `test.fails`; each
 * takes `(name, fn, options?)` or `(name, options, fn)`.
 *
 * @example
 * ```ts
 * loopTest.fails("leaks a task", async () => { createTask(() => sleep(10)); });
 * ```
 */
export interface LoopTestApi extends LoopTestRegister {
  /** Registers the test as skipped. */
  skip: LoopTestRegister;
  /** Runs only this test (and other `.only` ones) in the file. */
  only: LoopTestRegister;
  /** Expects the loop test to fail: passes when the body throws or leaves the loop unclean. */
  fails: LoopTestRegister;
}

function variant(register: Register): LoopTestRegister {
  return (name: string, second: LoopTestFunction | LoopTestVitestOptions, third?: LoopTestVitestOptions | LoopTestFunction) => {
    const optionsFirst = typeof second !== "function" && typeof third === "function";
    const fn = optionsFirst ? third : second;
    const options = (optionsFirst ? second : third) ?? {};
    if (typeof fn !== "function") {
      throw new TypeError(
        `loopTest("${name}", ...): pass the test body as a function, either loopTest(name, fn, options?) or loopTest(name, options, fn); got ${describeValue(fn)}.`,
      );
    }
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`loopTest("${name}", ...): options must be an object such as { timeout: 5000 }, got ${describeValue(options)}.`);
    }
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
