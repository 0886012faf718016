import { assertFunction } from "@tsio/loop";
import { BinaryHeap } from "./binary-heap.js";
import { comparePriority } from "./compare-priority.js";
import type { ItemStore } from "./item-store.js";
import { Queue, type QueueOptions } from "./queue.js";

/**
 * Options for `new PriorityQueue()`: `QueueOptions` plus the order.
 *
 * @example
 * ```ts
 * const options: PriorityQueueOptions<{ due: number }> = { maxsize: 10, compare: (a, b) => a.due - b.due };
 * const timers = new PriorityQueue(options);
 * ```
 */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * Orders two items like `Array#sort`'s comparator: negative when `a` comes out first. Defaults to
   * `comparePriority` (numbers, strings, and arrays compared like Python tuples).
   */
  compare?: (a: T, b: T) => number;
}

/**
 * A `Queue` that returns the smallest item first (asyncio's `PriorityQueue`), kept in a binary
 * heap. Items that compare equal come out in the order they were put. Put `[priority, payload]`
 * pairs, or pass `{ compare }`.
 *
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, "later"]);
 * jobs.putNowait([1, "first"]);
 * console.log(await jobs.get()); // [1, "first"]
 *
 * const byDeadline = new PriorityQueue<{ due: number }>({ compare: (a, b) => a.due - b.due });
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  /** See `PriorityQueueOptions`; a `compare` that is not a function throws `TypeError`. */
  constructor(options: PriorityQueueOptions<T> = {}) {
    super(options);
  }

  /** @internal */
  static override readonly _optionKeys: readonly string[] = ["maxsize", "compare"];

  /** @internal */
  override _createStore(options: PriorityQueueOptions<T>): ItemStore<T> {
    const compare = options.compare;
    if (compare === undefined) return new BinaryHeap<T>(comparePriority);
    assertFunction(compare, "new PriorityQueue({ compare }): compare");
    return new BinaryHeap<T>(compare);
  }
}
