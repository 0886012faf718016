import type { TimerEntry } from "./handle.js";

/**
 * A binary min-heap of timers ordered by `(when, seq)`, so equal deadlines keep scheduling order.
 * The keys live in typed arrays beside the entries: sifting compares numbers in two contiguous
 * arrays instead of loading two scattered objects per level, which is what makes 100k random
 * deadlines cheap. Cancelled timers stay in place until they surface or `compact()` sweeps them,
 * which keeps `cancel()` O(1).
 */
export class TimerHeap {
  private items: (TimerEntry | undefined)[] = [];
  private whens = new Float64Array(64);
  private seqs = new Float64Array(64);
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): TimerEntry | undefined {
    return this.count > 0 ? this.items[0] : undefined;
  }

  push(timer: TimerEntry): void {
    if (this.count === this.whens.length) this.grow();
    this.siftUp(this.count++, timer, timer._when, timer._seq);
  }

  pop(): TimerEntry | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = n - 1;
    this.count = last;
    if (last > 0) this.siftDown(0, items[last]!, this.whens[last]!, this.seqs[last]!);
    items[last] = undefined;
    return top;
  }

  /** Drops every cancelled timer and restores the heap order in O(n). */
  compact(): void {
    const { items, whens, seqs } = this;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const t = items[i]!;
      if (t._cancelled) continue;
      items[kept] = t;
      whens[kept] = whens[i]!;
      seqs[kept] = seqs[i]!;
      kept++;
    }
    for (let i = kept; i < this.count; i++) items[i] = undefined;
    this.count = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, items[i]!, whens[i]!, seqs[i]!);
  }

  clear(): TimerEntry[] {
    const all = this.items.slice(0, this.count) as TimerEntry[];
    this.items = [];
    this.count = 0;
    return all;
  }

  private grow(): void {
    const size = this.whens.length * 2;
    const whens = new Float64Array(size);
    const seqs = new Float64Array(size);
    whens.set(this.whens);
    seqs.set(this.seqs);
    this.whens = whens;
    this.seqs = seqs;
  }

  private siftUp(i: number, item: TimerEntry, when: number, seq: number): void {
    const { items, whens, seqs } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pw = whens[parent]!;
      if (pw < when || (pw === when && seqs[parent]! < seq)) break;
      items[i] = items[parent];
      whens[i] = pw;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    items[i] = item;
    whens[i] = when;
    seqs[i] = seq;
  }

  private siftDown(i: number, item: TimerEntry, when: number, seq: number): void {
    const { items, whens, seqs } = this;
    const n = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cw = whens[child]!;
      const right = child + 1;
      if (right < n) {
        const rw = whens[right]!;
        if (rw < cw || (rw === cw && seqs[right]! < seqs[child]!)) {
          child = right;
          cw = rw;
        }
      }
      if (cw > when || (cw === when && seqs[child]! > seq)) break;
      items[i] = items[child];
      whens[i] = cw;
      seqs[i] = seqs[child]!;
      i = child;
    }
    items[i] = item;
    whens[i] = when;
    seqs[i] = seq;
  }
}
