import { brandClass } from "./class-brand.js";

/**
 * Raised inside a task (or by `Future.result()`) when the work it was waiting for was cancelled.
 * A task may catch it to clean up, and should rethrow it.
 *
 * @example
 * ```ts
 * try {
 *   await sleep(1000);
 * } catch (err) {
 *   if (err instanceof CancelledError) console.log("cleaning up");
 *   throw err;
 * }
 * ```
 */
export class CancelledError extends Error {
  static {
    brandClass(CancelledError, "CancelledError");
  }
  /** Always `"CancelledError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "CancelledError";
  constructor(message = "The operation was cancelled.", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Raised when an operation is not allowed in the object's current state, such as reading the
 * result of a pending future or setting the result of a finished one.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<number>();
 * fut.result(); // throws InvalidStateError: Result is not ready.
 * ```
 */
export class InvalidStateError extends Error {
  static {
    brandClass(InvalidStateError, "InvalidStateError");
  }
  /** Always `"InvalidStateError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "InvalidStateError";
}

/**
 * Raised when a deadline set by `timeout()`, `waitFor()` or a `{ timeout }` option passes.
 *
 * @example
 * ```ts
 * try {
 *   await waitFor(() => sleep(5000), 100);
 * } catch (err) {
 *   if (err instanceof TimeoutError) console.log("gave up after 100 ms");
 * }
 * ```
 */
export class TimeoutError extends Error {
  static {
    brandClass(TimeoutError, "TimeoutError");
  }
  /** Always `"TimeoutError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "TimeoutError";
  constructor(message = "The operation timed out.", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Raised for event-loop misuse: no running loop, a loop started inside a running one, or a closed
 * loop asked to do more work.
 *
 * @example
 * ```ts
 * try {
 *   getRunningLoop();
 * } catch (err) {
 *   console.log(err instanceof EventLoopError); // true: no loop is running here
 * }
 * ```
 */
export class EventLoopError extends Error {
  static {
    brandClass(EventLoopError, "EventLoopError");
  }
  /** Always `"EventLoopError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "EventLoopError";
}
