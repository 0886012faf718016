import { type AwaitDescription, cancellationPoint, checkOptions, describeAwait, describeValue, InvalidStateError } from "@tsio/loop";
import { Deque } from "./deque.js";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { Event } from "./event.js";
import type { ItemStore } from "./item-store.js";
import { assertCount } from "./validate-count.js";
import { abandon, WaiterList } from "./waiter-list.js";

/**
 * Options for `new Queue()`, `new LifoQueue()` and `new PriorityQueue()`.
 *
 * @example
 * ```ts
 * const options: QueueOptions = { maxsize: 100 };
 * const queue = new Queue<Buffer>(options);
 * ```
 */
export interface QueueOptions {
  /**
   * How many items the queue holds before `put()` waits: a non-negative integer; `0` (the default)
   * means unbounded.
   */
  maxsize?: number;
}

/**
 * A first-in, first-out queue for passing items between tasks (asyncio's `Queue`). With a
 * `maxsize`, `put()` waits while the queue is full, which slows fast producers down to the pace of
 * their consumers. `join()` waits until every item put has been marked done with `taskDone()`.
 * `shutdown()` ends it: puts fail with `QueueShutDown`, and gets drain what is left, then fail too;
 * `for await (const item of queue)` ends cleanly at that point.
 *
 * Cancellation is safe: a cancelled `put()` leaves the queue unchanged, and a cancelled `get()`
 * never loses an item (one it was woken for goes to the next getter).
 *
 * @example
 * ```ts
 * const queue = new Queue<number>({ maxsize: 10 });
 * const consumer = createTask(async () => {
 *   for await (const n of queue) {
 *     console.log("got", n);
 *     queue.taskDone();
 *   }
 * });
 * for (let n = 0; n < 3; n++) await queue.put(n);
 * await queue.join(); // every item processed
 * queue.shutdown(); // the consumer's loop ends
 * await consumer;
 * ```
 */
export class Queue<T> implements AsyncIterable<T> {
  /** @internal */ readonly _maxsize: number;
  /** @internal */ readonly _store: ItemStore<T>;
  /** @internal */ readonly _getters = new WaiterList(this);
  /** @internal */ readonly _putters = new WaiterList(this);
  /** @internal Items put and not yet marked done with `taskDone()`. */
  _unfinished = 0;
  /** @internal Set while `_unfinished` is 0. */
  readonly _finished = new Event();
  /** @internal */ _isShutdown = false;

  /** See `QueueOptions`; a bad `maxsize` throws `TypeError` (not an integer) or `RangeError` (negative). */
  constructor(options: QueueOptions = {}) {
    checkOptions(options as Record<string, unknown>, (new.target as typeof Queue)._optionKeys, `new ${new.target.name}()`);
    const maxsize = options.maxsize === undefined ? 0 : options.maxsize;
    assertCount(maxsize, `new ${new.target.name}({ maxsize }): maxsize`, 0);
    this._maxsize = maxsize;
    this._finished.set();
    this._store = this._createStore(options);
  }

  /** @internal The option keys this kind of queue takes. */
  static readonly _optionKeys: readonly string[] = ["maxsize"];

  /** @internal Which item comes out next is decided here; subclasses return another store. */
  _createStore(_options: QueueOptions): ItemStore<T> {
    return new Deque<T>();
  }

  /** The bound given at construction (0 = unbounded). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** How many items are in the queue now. */
  qsize(): number {
    return this._store.size;
  }

  /** Whether the queue has no items. */
  empty(): boolean {
    return this._store.size === 0;
  }

  /** Whether a bounded queue holds `maxsize` items (an unbounded queue is never full). */
  full(): boolean {
    return this._maxsize > 0 && this._store.size >= this._maxsize;
  }

  /**
   * Puts `item` in the queue, waiting while it is full. Throws `QueueShutDown` if the queue is (or,
   * while waiting, gets) shut down. If the task is cancelled while waiting, the item is not put.
   */
  async put(item: T): Promise<void> {
    while (this.full()) {
      if (this._isShutdown) throw new QueueShutDown("Queue.put(): the queue was shut down; stop producing.");
      const putter = this._putters.push();
      try {
        await putter;
      } catch (err) {
        // Woken for a free slot we will not use: let the next putter have it.
        if (abandon(putter, this._putters) && !this.full()) this._putters.wakeFirst();
        throw err;
      }
    }
    this.putNowait(item);
  }

  /**
   * Puts `item` without waiting. Throws `QueueFull` if the queue is full, `QueueShutDown` if it
   * was shut down.
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown("Queue.putNowait(): the queue was shut down; stop producing.");
    if (this.full()) throw new QueueFull();
    this._store.push(item);
    this._unfinished++;
    this._finished.clear();
    this._getters.wakeFirst();
  }

  /**
   * Removes and returns the next item, waiting while the queue is empty. Throws `QueueShutDown`
   * once the queue is shut down and empty. If the task is cancelled, no item is lost.
   */
  async get(): Promise<T> {
    while (this._store.size === 0) {
      if (this._isShutdown) throw new QueueShutDown("Queue.get(): the queue was shut down and is empty.");
      const getter = this._getters.push();
      try {
        await getter;
        // A cancel() that arrived after the wake-up is delivered here, before an item is taken:
        // taken, it would be lost with the result of a task that ends cancelled.
        cancellationPoint();
      } catch (err) {
        // Woken for an item we will not take: it stays queued and the next getter is woken for it.
        if (abandon(getter, this._getters) && this._store.size > 0) this._getters.wakeFirst();
        throw err;
      }
    }
    return this.getNowait();
  }

  /**
   * Removes and returns the next item without waiting. Throws `QueueEmpty` if there is none, or
   * `QueueShutDown` if the queue is also shut down.
   */
  getNowait(): T {
    if (this._store.size === 0) {
      if (this._isShutdown) throw new QueueShutDown("Queue.getNowait(): the queue was shut down and is empty.");
      throw new QueueEmpty();
    }
    const item = this._store.take();
    this._putters.wakeFirst();
    return item;
  }

  /**
   * Marks one item got from the queue as processed; once every item put is marked, `join()`
   * returns. Throws `InvalidStateError` if called more times than items were put.
   */
  taskDone(): void {
    if (this._unfinished <= 0) {
      throw new InvalidStateError(
        "Queue.taskDone() called more times than items were put: call it once per item you got.",
      );
    }
    this._unfinished--;
    if (this._unfinished === 0) this._finished.set();
  }

  /** Waits until every item put has been marked done with `taskDone()` (returns at once if so). */
  async join(): Promise<void> {
    if (this._unfinished > 0) await this._finished.wait();
  }

  /**
   * Shuts the queue down: `put` and `putNowait` throw `QueueShutDown` from now on, and waiting
   * putters are woken to throw it. Getters keep draining the items left, then throw `QueueShutDown`
   * (and `for await` loops end). With `immediate = true` the items left are discarded at once (each
   * counts as done for `join()`), so getters stop right away.
   */
  shutdown(immediate = false): void {
    if (typeof immediate !== "boolean") {
      throw new TypeError(`Queue.shutdown(immediate): immediate must be a boolean, got ${describeValue(immediate)}.`);
    }
    this._isShutdown = true;
    if (immediate) {
      const dropped = this._store.size;
      this._store.clear();
      this._unfinished = Math.max(0, this._unfinished - dropped);
      if (this._unfinished === 0) this._finished.set();
    }
    // Every waiter re-checks the queue and sees the shutdown.
    this._getters.wakeAll();
    this._putters.wakeAll();
  }

  /**
   * Iterates the items as they arrive, ending cleanly once the queue is shut down and drained.
   * Each step is a `get()`, so call `taskDone()` in the loop body if anyone uses `join()`.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new QueueIterator(this);
  }

  /** The call graph's view: the tasks waiting to get an item or to put one. */
  [describeAwait](): AwaitDescription {
    return { kind: "queue", label: this.toString(), waiters: [...this._getters.toArray(), ...this._putters.toArray()] };
  }

  /** Its state for logs and debugging, e.g. `<Queue size=2/10 getters=0 putters=0>`. */
  toString(): string {
    const bound = this._maxsize > 0 ? `/${this._maxsize}` : "";
    const shut = this._isShutdown ? " shut down" : "";
    return `<${this.constructor.name} size=${this._store.size}${bound} getters=${this._getters.size} putters=${this._putters.size}${shut}>`;
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** @internal The iterator behind `for await (const item of queue)`. */
class QueueIterator<T> implements AsyncIterator<T> {
  readonly #queue: Queue<T>;

  constructor(queue: Queue<T>) {
    this.#queue = queue;
  }

  next(): Promise<IteratorResult<T>> {
    return this.#queue.get().then(toResult, endOnShutdown) as Promise<IteratorResult<T>>;
  }

  /** A `break` out of the loop only stops iterating; the queue stays as it is. */
  return(): Promise<IteratorResult<T>> {
    return Promise.resolve(DONE);
  }
}

function toResult<T>(value: T): IteratorYieldResult<T> {
  return { done: false, value };
}

function endOnShutdown(err: unknown): IteratorReturnResult<undefined> {
  if (err instanceof QueueShutDown) return DONE;
  throw err;
}
