/**
 * @internal The jobs waiting for a thread, first in first out. Removal from the middle (a
 * cancelled job) only marks the entry; `shift()` skips marked entries, so every operation is O(1)
 * amortised.
 */
export class JobQueue<T extends { dropped: boolean }> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private live = 0;

  /** How many entries wait, not counting removed ones. */
  get size(): number {
    return this.live;
  }

  push(item: T): void {
    this.items.push(item);
    this.live++;
  }

  /** Marks `item` removed; it is skipped when its turn comes. */
  remove(item: T): void {
    if (item.dropped) return;
    item.dropped = true;
    this.live--;
  }

  /** The oldest entry still waiting, or `undefined`. */
  shift(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (item !== undefined && !item.dropped) {
        this.live--;
        item.dropped = true;
        return item;
      }
    }
    // The pool asks on every completion; an already empty queue must not allocate a new array.
    if (this.head !== 0) {
      this.items = [];
      this.head = 0;
    }
    return undefined;
  }

  /** Takes every waiting entry out, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
