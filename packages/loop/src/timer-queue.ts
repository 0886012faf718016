import type { TimerEntry } from "./handle.js";
import { KeyHeap } from "./key-heap.js";
import { TimerBucket } from "./timer-bucket.js";

/** Cancelled timers are swept once they are this many and more than half of those held. */
const COMPACT_MIN = 256;
/** Direct-mapped bucket slots, indexed by millisecond: a second's worth covers most programs. */
const TABLE_SIZE = 1024;
const TABLE_MASK = TABLE_SIZE - 1;
/** Emptied buckets kept for reuse: enough for steady traffic, not a burst's worth forever. */
const SPARE_MAX = 256;

/**
 * Where the queue puts the timers it collects: the loop's ready queue.
 *
 * @example
 * ```ts
 * const due: TimerEntry[] = [];
 * queue.collectDue(loop.time(), due);
 * ```
 */
export interface TimerSink {
  /** Receives one due timer; called in deadline order, equal deadlines in scheduling order. */
  push(entry: TimerEntry): void;
}

/**
 * The loop's timers, in deadline order, timers with equal deadlines in the order they were
 * scheduled.
 *
 * Timers are bucketed by whole-millisecond deadline, as Node groups its own timers into lists: a
 * push is an array append in the bucket found in a direct-mapped table (a map only for keys that
 * collide), and only the buckets' keys, one per millisecond with timers, sit in a heap. A bucket
 * is sorted when its millisecond comes up, by a stable sort over appends made in scheduling order,
 * which keeps the order exact. A binary heap of all the timers instead pays a cache-missing sift of
 * ~17 levels per timer at 100k timers.
 *
 * Cancelled timers stay in place (O(1) `cancel()`) until they come up or a sweep drops them.
 *
 * @example
 * ```ts
 * const queue = new TimerQueue();
 * queue.push(timerA); // due at 12.5
 * queue.push(timerB); // due at 3.25
 * queue.peek(); // timerB
 * const due: TimerEntry[] = [];
 * queue.collectDue(20, due); // due: [timerB, timerA]
 * ```
 */
export class TimerQueue {
  private readonly table: (TimerBucket | null)[] = new Array<TimerBucket | null>(TABLE_SIZE).fill(null);
  /** Buckets whose table slot was taken by another millisecond. */
  private readonly overflow = new Map<number, TimerBucket>();
  private readonly keys = new KeyHeap();
  private readonly spare: TimerBucket[] = [];
  private count = 0;
  private cancelledCount = 0;

  /** Timers held, cancelled ones not yet swept included. */
  get size(): number {
    return this.count;
  }

  /** Timers held that are not cancelled. */
  get live(): number {
    return this.count - this.cancelledCount;
  }

  push(entry: TimerEntry): void {
    const when = entry._when;
    const key = Math.floor(when);
    const bucket = this.find(key) ?? this.open(key);
    bucket.append(entry, when);
    this.count++;
  }

  /** Counts a held timer as cancelled, and sweeps when cancelled ones dominate. */
  noteCancelled(): void {
    this.cancelledCount++;
    if (this.cancelledCount >= COMPACT_MIN && this.cancelledCount * 2 > this.count) this.compact();
  }

  /** The earliest live timer, dropping the cancelled ones ahead of it; `undefined` when none. */
  peek(): TimerEntry | undefined {
    while (this.keys.size > 0) {
      const bucket = this.find(this.keys.peek())!;
      bucket.ensureSorted();
      const entries = bucket.entries;
      const n = entries.length;
      let i = bucket.head;
      for (; i < n; i++) {
        const entry = entries[i]!;
        if (!entry._cancelled) break;
        entries[i] = undefined;
        entry._scheduled = false;
        this.cancelledCount--;
      }
      this.count -= i - bucket.head;
      if (i < n) {
        bucket.head = i;
        return entries[i];
      }
      this.closeFirst(bucket);
    }
    return undefined;
  }

  /** Moves every live timer due at `now` (`_when <= now`) to `sink`, in order. */
  collectDue(now: number, sink: TimerSink): void {
    const keys = this.keys;
    while (keys.size > 0 && keys.peek() <= now) {
      const bucket = this.find(keys.peek())!;
      bucket.ensureSorted();
      const { entries, whens } = bucket;
      const n = entries.length;
      const head = bucket.head;
      let i = head;
      for (; i < n; i++) {
        if (whens[i]! > now) break;
        const entry = entries[i]!;
        entries[i] = undefined;
        entry._scheduled = false;
        if (entry._cancelled) this.cancelledCount--;
        else sink.push(entry);
      }
      this.count -= i - head;
      if (i < n) {
        bucket.head = i;
        return;
      }
      this.closeFirst(bucket);
    }
  }

  /** Drops every cancelled timer in O(n). */
  compact(): void {
    const kept: number[] = [];
    const unschedule = (entry: TimerEntry): void => {
      entry._scheduled = false;
    };
    let count = 0;
    for (const bucket of this.buckets()) {
      bucket.dropCancelled(unschedule);
      count += bucket.length;
      if (bucket.length > 0) kept.push(bucket.key);
      else this.discard(bucket);
    }
    this.keys.reset(kept);
    this.count = count;
    this.cancelledCount = 0;
  }

  /** Empties the queue and returns every timer it held, cancelled ones included. */
  clear(): TimerEntry[] {
    const all: TimerEntry[] = [];
    for (const bucket of this.buckets()) {
      const entries = bucket.entries;
      for (let i = bucket.head; i < entries.length; i++) all.push(entries[i]!);
      this.discard(bucket);
    }
    this.keys.reset([]);
    this.count = 0;
    this.cancelledCount = 0;
    return all;
  }

  private find(key: number): TimerBucket | undefined {
    const slot = this.table[key & TABLE_MASK]!;
    return slot !== null && slot.key === key ? slot : this.overflowBucket(key);
  }

  private overflowBucket(key: number): TimerBucket | undefined {
    return this.overflow.size > 0 ? this.overflow.get(key) : undefined;
  }

  private open(key: number): TimerBucket {
    const bucket = this.spare.pop() ?? new TimerBucket();
    bucket.key = key;
    const index = key & TABLE_MASK;
    bucket.inTable = this.table[index] === null;
    if (bucket.inTable) this.table[index] = bucket;
    else this.overflow.set(key, bucket);
    this.keys.push(key);
    return bucket;
  }

  /** Removes the earliest bucket, now empty. */
  private closeFirst(bucket: TimerBucket): void {
    this.keys.pop();
    this.discard(bucket);
  }

  /** Unmaps a bucket (its key is the caller's business) and keeps it for reuse. */
  private discard(bucket: TimerBucket): void {
    if (bucket.inTable) this.table[bucket.key & TABLE_MASK] = null;
    else this.overflow.delete(bucket.key);
    bucket.reset();
    if (this.spare.length < SPARE_MAX) this.spare.push(bucket);
  }

  /** Every bucket, as a snapshot (callers discard some while going through them). */
  private buckets(): TimerBucket[] {
    const all: TimerBucket[] = [];
    for (const bucket of this.table) if (bucket !== null) all.push(bucket);
    for (const bucket of this.overflow.values()) all.push(bucket);
    return all;
  }
}
