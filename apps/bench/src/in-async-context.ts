import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Runs `fn` with an `AsyncLocalStorage` store active, as every tsio task runs. On Node 20 this
 * turns on Node's promise hooks, which tax every promise in the process; a Promise baseline run
 * this way shows how much of tsio's cost is that tax rather than tsio's own work.
 *
 * @example
 * ```ts
 * const sample = await inAsyncContext(() => promiseImpl(200_000));
 * ```
 */
export function inAsyncContext<R>(fn: () => R): R {
  return new AsyncLocalStorage<object>().run({}, fn);
}
