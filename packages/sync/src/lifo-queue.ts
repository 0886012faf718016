import type { ItemStore } from "./item-store.js";
import { Queue, type QueueOptions } from "./queue.js";

/**
 * A last-in, first-out `Queue` (asyncio's `LifoQueue`): `get()` returns the newest item. Everything
 * else (bounds, `join`, `shutdown`, cancellation safety) is `Queue`'s.
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<string>();
 * stack.putNowait("a");
 * stack.putNowait("b");
 * console.log(await stack.get()); // "b"
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  /** @internal */
  override _createStore(_options: QueueOptions): ItemStore<T> {
    return new Stack<T>();
  }
}

/** @internal */
class Stack<T> implements ItemStore<T> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  take(): T {
    return this.#items.pop() as T;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
