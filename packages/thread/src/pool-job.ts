import type { JobCode } from "./job-code.js";
import type { JobSignal } from "./job-signal.js";

/**
 * @internal One job as an executor with a direct entry runs it, and where its outcome goes. A
 * `toThread` call's future is one itself (no wrapper per call); `ThreadPool.run()` builds one
 * around a plain `ThreadJob`.
 */
export interface PoolJob {
  readonly _code: JobCode;
  readonly _args: readonly unknown[];
  readonly _transferList: readonly ArrayBuffer[];
  readonly _jobSignal: JobSignal;
  _fulfil(value: unknown): void;
  _fail(error: unknown): void;
}

/**
 * @internal The key of an executor's promise-free entry point. A plain symbol (not `Symbol.for`):
 * a pool from another installed copy, whose `PoolJob` may differ, goes through its public `run()`.
 */
export const DIRECT_DISPATCH: unique symbol = Symbol("@tsio/thread direct dispatch");

/**
 * @internal An executor that takes a `PoolJob` as it is and settles it through `_fulfil`/`_fail`,
 * one promise and one microtask less per call than `run()`. Declared here, below both the caller
 * (`thread-call`) and the pool, so the caller never imports the pool: the job path is one way.
 */
export interface DirectExecutor {
  [DIRECT_DISPATCH](job: PoolJob): void;
}

/** @internal Whether `executor` has the direct entry point. */
export function isDirectExecutor(executor: object): executor is DirectExecutor {
  return typeof (executor as Partial<DirectExecutor>)[DIRECT_DISPATCH] === "function";
}
