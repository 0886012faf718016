/**
 * A binary min-heap of distinct numbers: the timer queue's bucket keys (whole milliseconds). It
 * holds one key per millisecond that has timers, not one per timer, so it stays small and in cache.
 *
 * @example
 * ```ts
 * const heap = new KeyHeap();
 * heap.push(7);
 * heap.push(3);
 * heap.pop(); // 3
 * heap.peek(); // 7
 * ```
 */
export class KeyHeap {
  private keys = new Float64Array(64);
  private count = 0;

  /** How many keys it holds. */
  get size(): number {
    return this.count;
  }

  /** The smallest key, or `Infinity` when empty. */
  peek(): number {
    return this.count > 0 ? this.keys[0]! : Number.POSITIVE_INFINITY;
  }

  push(key: number): void {
    if (this.count === this.keys.length) {
      const grown = new Float64Array(this.count * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      i = parent;
    }
    keys[i] = key;
  }

  /** Removes and returns the smallest key (`Infinity` when empty). */
  pop(): number {
    if (this.count === 0) return Number.POSITIVE_INFINITY;
    const keys = this.keys;
    const top = keys[0]!;
    const n = --this.count;
    if (n > 0) this.siftDown(0, keys[n]!);
    return top;
  }

  /** Replaces the contents with `all` (any order) in O(n). */
  reset(all: readonly number[]): void {
    if (this.keys.length < all.length) this.keys = new Float64Array(all.length * 2);
    const keys = this.keys;
    for (let i = 0; i < all.length; i++) keys[i] = all[i]!;
    this.count = all.length;
    for (let i = (all.length >> 1) - 1; i >= 0; i--) this.siftDown(i, keys[i]!);
  }

  private siftDown(i: number, key: number): void {
    const keys = this.keys;
    const n = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ck = keys[child]!;
      const right = child + 1;
      if (right < n && keys[right]! < ck) {
        child = right;
        ck = keys[right]!;
      }
      if (ck >= key) break;
      keys[i] = ck;
      i = child;
    }
    keys[i] = key;
  }
}
