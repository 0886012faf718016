/**
 * @internal Where a queue keeps its items; the queue kinds differ only in which item `take()`
 * returns (oldest, newest, or smallest).
 */
export interface ItemStore<T> {
  readonly size: number;
  push(item: T): void;
  /** Removes and returns the next item; only called when `size > 0`. */
  take(): T;
  clear(): void;
}
