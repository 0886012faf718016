import { sortByDeadline } from "./deadline-sort.js";
import type { TimerEntry } from "./handle.js";

/** A bucket drops its consumed prefix once it is this long and at least half the array. */
const TRIM_MIN = 64;

/**
 * The timers whose deadlines fall within one whole millisecond, `[key, key + 1)`, in the order
 * they were scheduled. Sorting by deadline is deferred until the millisecond comes up, and is
 * stable, so equal deadlines keep that order.
 *
 * @example
 * ```ts
 * const bucket = new TimerBucket();
 * bucket.key = 12;
 * bucket.append(timer, timer._when);
 * bucket.ensureSorted();
 * ```
 */
export class TimerBucket {
  /** `Math.floor` of every deadline in it. */
  key = 0;
  /** Whether it sits in the queue's direct-mapped table (otherwise in the overflow map). */
  inTable = false;
  readonly entries: (TimerEntry | undefined)[] = [];
  /**
   * Each entry's deadline at the same position: sorting and collecting read these rather than
   * load every timer object (and its boxed `_when`) from wherever it sits in the heap.
   */
  readonly whens: number[] = [];
  /** Entries before `head` have been taken out (their slots are cleared). */
  head = 0;
  /** `entries[head, sortedEnd)` is in deadline order; the rest was appended out of order. */
  sortedEnd = 0;

  /** Entries not yet taken out, cancelled ones included. */
  get length(): number {
    return this.entries.length - this.head;
  }

  append(entry: TimerEntry, when: number): void {
    if (this.head >= TRIM_MIN) this.trim();
    const n = this.entries.length;
    if (this.sortedEnd === n && (n === this.head || this.whens[n - 1]! <= when)) this.sortedEnd = n + 1;
    this.entries.push(entry);
    this.whens.push(when);
  }

  /** Puts the entries not yet taken out in `(deadline, scheduling order)`. */
  ensureSorted(): void {
    const n = this.entries.length;
    if (this.sortedEnd === n) return;
    sortByDeadline(this.entries, this.whens, this.head, n);
    this.sortedEnd = n;
  }

  /**
   * Forgets the consumed prefix once it dominates. Only appends call it: a bucket that keeps
   * receiving timers while its millisecond is being consumed (time standing still under a virtual
   * clock, say) would otherwise grow without bound, while one that is only consumed is dropped
   * whole once empty, so copying its rest down would be wasted.
   */
  private trim(): void {
    const head = this.head;
    const entries = this.entries;
    if (head * 2 < entries.length) return;
    entries.copyWithin(0, head);
    this.whens.copyWithin(0, head);
    entries.length -= head;
    this.whens.length = entries.length;
    this.sortedEnd -= head;
    this.head = 0;
  }

  /** Keeps only the entries not cancelled, in order; calls `drop` for each cancelled one. */
  dropCancelled(drop: (entry: TimerEntry) => void): void {
    const { entries, whens } = this;
    const n = entries.length;
    let kept = 0;
    let sortedKept = 0;
    for (let i = this.head; i < n; i++) {
      if (i === this.sortedEnd) sortedKept = kept;
      const entry = entries[i]!;
      if (entry._cancelled) {
        drop(entry);
        continue;
      }
      whens[kept] = whens[i]!;
      entries[kept++] = entry;
    }
    if (this.sortedEnd >= n) sortedKept = kept;
    entries.length = kept;
    whens.length = kept;
    this.head = 0;
    this.sortedEnd = sortedKept;
  }

  /** Empties it for reuse. */
  reset(): void {
    this.entries.length = 0;
    this.whens.length = 0;
    this.head = 0;
    this.sortedEnd = 0;
  }
}
