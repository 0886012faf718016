import type { ItemStore } from "./item-store.js";

const INITIAL_CAPACITY = 16;

/** @internal A FIFO ring buffer (power-of-two capacity): O(1) push and take, no `Array#shift`. */
export class Deque<T> implements ItemStore<T> {
  /** @internal */ _items: (T | undefined)[] = new Array(INITIAL_CAPACITY);
  /** @internal */ _head = 0;
  /** @internal */ _size = 0;

  get size(): number {
    return this._size;
  }

  push(item: T): void {
    if (this._size === this._items.length) this._grow();
    this._items[(this._head + this._size) & (this._items.length - 1)] = item;
    this._size++;
  }

  /** Puts `item` first, ahead of every item queued now. */
  unshift(item: T): void {
    if (this._size === this._items.length) this._grow();
    this._head = (this._head - 1) & (this._items.length - 1);
    this._items[this._head] = item;
    this._size++;
  }

  take(): T {
    const items = this._items;
    const item = items[this._head] as T;
    items[this._head] = undefined; // let the item be collected
    this._head = (this._head + 1) & (items.length - 1);
    this._size--;
    return item;
  }

  clear(): void {
    this._items = new Array(INITIAL_CAPACITY);
    this._head = 0;
    this._size = 0;
  }

  private _grow(): void {
    const old = this._items;
    const next: (T | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this._size; i++) next[i] = old[(this._head + i) & (old.length - 1)];
    this._items = next;
    this._head = 0;
  }
}
