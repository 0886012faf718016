/** One block of a `BlockQueue`: its slots, and the block queued after it. */
class Chunk<T> {
  readonly items: (T | undefined)[];
  next: Chunk<T> | null = null;
  constructor(size: number) {
    this.items = new Array<T | undefined>(size);
  }
}

/**
 * A growable FIFO in fixed-size blocks, linked in order. `Array#shift` is O(n) once V8 leaves its
 * fast path, and the ready queue is the kernel's hottest structure. Growing adds a block instead of
 * copying every item into an array twice the size: a burst of 200k new tasks copies nothing, and
 * each item is written into a young block (a large array lives in the old generation, where every
 * store of a young object also records the slot for the next scavenge). A drained block is kept
 * for the next one, so a queue that fills and empties in turn allocates nothing.
 *
 * @example
 * ```ts
 * const ready = new BlockQueue<string>();
 * ready.push("a");
 * ready.push("b");
 * ready.shift(); // "a"
 * ```
 */
export class BlockQueue<T> {
  private readonly chunkSize: number;
  private head: Chunk<T>;
  private headIndex = 0;
  private tail: Chunk<T>;
  private tailIndex = 0;
  private count = 0;
  private spare: Chunk<T> | null = null;

  /** `chunkSize`: slots per block (at least 8). */
  constructor(chunkSize = 1024) {
    this.chunkSize = Math.max(8, Math.floor(chunkSize));
    this.head = this.tail = new Chunk<T>(this.chunkSize);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.tailIndex === this.chunkSize) {
      const chunk = this.spare ?? new Chunk<T>(this.chunkSize);
      this.spare = null;
      this.tail.next = chunk;
      this.tail = chunk;
      this.tailIndex = 0;
    }
    this.tail.items[this.tailIndex++] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const head = this.head;
    const item = head.items[this.headIndex];
    head.items[this.headIndex++] = undefined;
    if (--this.count === 0) {
      // Empty: start over at the front of this block (the only one left).
      this.headIndex = 0;
      this.tailIndex = 0;
    } else if (this.headIndex === this.chunkSize) {
      this.head = head.next!;
      head.next = null;
      this.spare = head;
      this.headIndex = 0;
    }
    return item;
  }

  clear(): void {
    for (let c: Chunk<T> | null = this.head; c !== null; c = c.next) c.items.fill(undefined);
    this.tail = this.head;
    this.head.next = null;
    this.headIndex = 0;
    this.tailIndex = 0;
    this.count = 0;
  }
}
