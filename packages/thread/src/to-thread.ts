import type { Future } from "@tsio/loop";
import { submitJob, type ThreadCallOptions } from "./thread-call.js";
import type { ThreadArgs, ThreadResult } from "./transfer.js";

/**
 * Runs `fn(...args)` on a worker thread and returns a future for its result, so blocking or
 * CPU-heavy work does not stall the event loop: asyncio's `to_thread`. Unlike Python's threads,
 * these run truly in parallel.
 *
 * `fn` travels by its source text and is compiled once per worker, so it must be self-contained:
 * it may use its parameters and globals, not variables, imports or closures of the calling module
 * (the error says which name was missing). For code that needs imports, use `threadModule`.
 * Arguments and the result are copied by structured clone; wrap a buffer in `transfer()` to move
 * it instead. Cancelling the awaiting task drops a queued job or terminates the worker of a
 * running one. Pass options first to choose the executor, add an abort `signal`, or list nested
 * buffers to `transfer`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const rows = await toThread((ms: number) => {
 *     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // a blocking call
 *     return "query results";
 *   }, 2000);
 *   console.log(rows);
 *   const ctrl = new AbortController();
 *   await toThread({ signal: ctrl.signal }, (n: number) => n * 2, 21); // 42
 * });
 * ```
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: ThreadArgs<A>): Future<ThreadResult<R>>;
export function toThread<A extends unknown[], R>(
  options: ThreadCallOptions,
  fn: (...args: A) => R,
  ...args: ThreadArgs<A>
): Future<ThreadResult<R>>;
export function toThread(first: unknown, ...rest: unknown[]): Future<unknown> {
  if (typeof first === "object" && first !== null) {
    if (typeof (first as { then?: unknown }).then === "function") {
      throw new TypeError(
        "toThread(fn): got a promise where the function goes: the work already started on this thread. Pass the function itself (and its arguments): toThread(work), not toThread(work()).",
      );
    }
    if (Array.isArray(first)) {
      throw new TypeError(
        "toThread(fn): got an array where the function goes: toThread runs one function, so pass it first and then its arguments, toThread(fn, ...args) (for several jobs, gather several toThread calls).",
      );
    }
    const options = first as ThreadCallOptions;
    return submitJob(options.executor, rest[0], "toThread(options, fn): fn", rest.slice(1), options);
  }
  return submitJob(undefined, first, "toThread(fn): fn", rest, undefined);
}
