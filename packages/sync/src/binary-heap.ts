import type { ItemStore } from "./item-store.js";

/**
 * @internal A binary min-heap ordered by `compare`, ties broken by insertion order so equal
 * priorities come out first-in, first-out. Items and their sequence numbers live in parallel
 * arrays (no wrapper object per item). Each operation first finds where the moved item belongs,
 * comparing without writing, and only then moves items, so a `compare` that throws leaves the heap
 * exactly as it was.
 */
export class BinaryHeap<T> implements ItemStore<T> {
  /** @internal */ readonly _items: T[] = [];
  /** @internal */ readonly _seqs: number[] = [];
  /** @internal */ _nextSeq = 0;
  /** @internal */ readonly _compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this._compare = compare;
  }

  get size(): number {
    return this._items.length;
  }

  push(item: T): void {
    const items = this._items;
    const seqs = this._seqs;
    // The new item has the largest sequence number, so it only moves above strictly greater parents.
    let hole = items.length;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (this._compare(item, items[parent]!) >= 0) break;
      hole = parent;
    }
    const seq = this._nextSeq++;
    let at = items.length;
    items.push(item);
    seqs.push(seq);
    while (at > hole) {
      const parent = (at - 1) >> 1;
      items[at] = items[parent]!;
      seqs[at] = seqs[parent]!;
      at = parent;
    }
    items[hole] = item;
    seqs[hole] = seq;
  }

  take(): T {
    const items = this._items;
    const seqs = this._seqs;
    const top = items[0]!;
    const last = items.length - 1;
    if (last === 0) {
      items.pop();
      seqs.pop();
      return top;
    }
    const item = items[last]!;
    const seq = seqs[last]!;
    // Find where the last item settles when sifted down from the root, in the heap minus it.
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this._less(items[right]!, seqs[right]!, items[child]!, seqs[child]!)) child = right;
      if (!this._less(items[child]!, seqs[child]!, item, seq)) break;
      hole = child;
    }
    // Move each item on the root-to-hole path up one level, top down.
    const node = hole + 1;
    for (let depth = 31 - Math.clz32(node) - 1; depth >= 0; depth--) {
      const to = (node >> (depth + 1)) - 1;
      const from = (node >> depth) - 1;
      items[to] = items[from]!;
      seqs[to] = seqs[from]!;
    }
    items[hole] = item;
    seqs[hole] = seq;
    items.pop();
    seqs.pop();
    return top;
  }

  clear(): void {
    this._items.length = 0;
    this._seqs.length = 0;
  }

  /** @internal */
  _less(a: T, seqA: number, b: T, seqB: number): boolean {
    const order = this._compare(a, b);
    return order < 0 || (order === 0 && seqA < seqB);
  }
}
