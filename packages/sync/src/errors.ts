import { brandClass } from "@tsio/loop";

/**
 * Thrown by `queue.getNowait()` when the queue has no item. Wait for one with `await queue.get()`
 * instead, or check `queue.empty()` first.
 *
 * @example
 * ```ts
 * const queue = new Queue<number>();
 * try {
 *   queue.getNowait();
 * } catch (err) {
 *   console.log(err instanceof QueueEmpty); // true
 * }
 * ```
 */
export class QueueEmpty extends Error {
  static {
    brandClass(QueueEmpty, "QueueEmpty");
  }
  /** Always `"QueueEmpty"`, so logs and `err.name` checks tell the errors apart. */
  override name = "QueueEmpty";
  constructor(
    message = "The queue is empty: use `await queue.get()` to wait for an item, or check `queue.empty()` first.",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Thrown by `queue.putNowait()` when a bounded queue is at `maxsize`. Wait for room with
 * `await queue.put(item)` instead, or check `queue.full()` first.
 *
 * @example
 * ```ts
 * const queue = new Queue<number>({ maxsize: 1 });
 * queue.putNowait(1);
 * try {
 *   queue.putNowait(2);
 * } catch (err) {
 *   console.log(err instanceof QueueFull); // true
 * }
 * ```
 */
export class QueueFull extends Error {
  static {
    brandClass(QueueFull, "QueueFull");
  }
  /** Always `"QueueFull"`, so logs and `err.name` checks tell the errors apart. */
  override name = "QueueFull";
  constructor(
    message = "The queue is full: use `await queue.put(item)` to wait for room, or check `queue.full()` first.",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Thrown by `put`/`putNowait` once `queue.shutdown()` was called, and by `get`/`getNowait` once
 * the queue is shut down and empty. Stop producing (or consuming) when you see it;
 * `for await (const item of queue)` ends cleanly instead of throwing it.
 *
 * @example
 * ```ts
 * const queue = new Queue<string>();
 * queue.shutdown();
 * try {
 *   await queue.put("late");
 * } catch (err) {
 *   console.log(err instanceof QueueShutDown); // true
 * }
 * ```
 */
export class QueueShutDown extends Error {
  static {
    brandClass(QueueShutDown, "QueueShutDown");
  }
  /** Always `"QueueShutDown"`, so logs and `err.name` checks tell the errors apart. */
  override name = "QueueShutDown";
  constructor(
    message = "The queue was shut down: no more items can be put, and none are left to get.",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Thrown by `barrier.wait()` when the barrier is aborted, or reset while parties wait on it.
 * Call `await barrier.reset()` to make a broken barrier usable again.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(2);
 * await barrier.abort();
 * try {
 *   await barrier.wait();
 * } catch (err) {
 *   console.log(err instanceof BrokenBarrierError); // true
 * }
 * ```
 */
export class BrokenBarrierError extends Error {
  static {
    brandClass(BrokenBarrierError, "BrokenBarrierError");
  }
  /** Always `"BrokenBarrierError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "BrokenBarrierError";
  constructor(
    message = "The barrier is broken (aborted or reset while parties waited): call `await barrier.reset()` to use it again.",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
