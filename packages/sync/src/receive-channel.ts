import { cancellationPoint } from "@tsio/loop";
import { type ChannelState, NO_ITEM, ONE_MICROTASK } from "./channel-state.js";
import { type ChannelStatistics, statisticsOf } from "./channel-statistics.js";
import { ClosedResourceError, EndOfChannel, WouldBlock } from "./resource-errors.js";
import { meetInTurn } from "./turn-budget.js";
import { abandon, Waiter } from "./waiter-list.js";

/**
 * The receiving half of a channel made by `openChannel()`. `receive()` waits for the next item;
 * `for await (const item of receive)` takes items until every send half is closed and the buffer is
 * drained. Several consumers can share a channel, each through its own `clone()`; each item goes to
 * exactly one of them, in the order they asked.
 *
 * Cancellation is safe: a `receive()` cancelled while it waits (even just after an item arrived
 * for it) takes no item; the item goes to the next receiver.
 *
 * @example
 * ```ts
 * const [send, receive] = openChannel<number>(10);
 * for (const worker of [1, 2]) {
 *   const mine = receive.clone();
 *   createTask(async () => {
 *     for await (const job of mine) console.log(`worker ${worker} got ${job}`);
 *   });
 * }
 * receive.close(); // the workers hold their own clones
 * ```
 */
export class ReceiveChannel<T> implements AsyncIterable<T>, AsyncDisposable, Disposable {
  /** @internal */ readonly _state: ChannelState<T>;
  /** @internal */ _closed = false;
  /** @internal Receives of this half now waiting, so close() knows whether to wake them. */
  _waiting = 0;

  /** @internal Made by `openChannel()` and `clone()`. */
  constructor(state: ChannelState<T>) {
    this._state = state;
  }

  /** Whether this half was closed. */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Takes the next item, waiting for one. Throws `EndOfChannel` once every send half is closed and
   * the buffer is empty, and `ClosedResourceError` if this half is (or, while waiting, gets)
   * closed. A cancelled receive loses no item.
   */
  receive(): Promise<T> {
    // An item there now: no async frame (a promise and a suspension) for a receive that never waits.
    const item = this._takeNow();
    return item !== NO_ITEM ? Promise.resolve(item) : this._receive(sameItem, throwEnd);
  }

  /** @internal Takes an item there now (buffered, or at size 0 a sender's); `NO_ITEM` if none is, or this half is closed. */
  _takeNow(): T | typeof NO_ITEM {
    if (this._closed) return NO_ITEM;
    const state = this._state;
    return state.items.size > 0 ? state.take() : state.takeFromSender();
  }

  /**
   * @internal The receive that may wait. It ends with `deliver(item)`, or `atEnd()` once the
   * channel ended, so that `for await` gets its result from this frame, not a `then()` later.
   */
  async _receive<R>(deliver: (item: T) => R | PromiseLike<R>, atEnd: () => R): Promise<R> {
    const state = this._state;
    let yielded = false;
    // A ready receiver that got no item keeps its place: first in line.
    let first = false;
    for (;;) {
      this._checkOpen("receive");
      if (state.items.size > 0) return deliver(state.take());
      const taken = state.takeFromSender();
      if (taken !== NO_ITEM) return deliver(taken);
      if (state.openSenders === 0) return atEnd();
      if (!yielded && meetInTurn()) {
        // A sender on its way in this turn hands over (or buffers) its item meanwhile.
        yielded = true;
        const ready = state.readyReceiver();
        await ONE_MICROTASK;
        if (ready) {
          const handed = state.withdrawReceiver();
          if (handed !== NO_ITEM) {
            try {
              this._checkOpen("receive");
              // A cancel() that arrived meanwhile is raised before the item is taken.
              cancellationPoint();
            } catch (err) {
              state.giveBack(handed);
              throw err;
            }
            return deliver(handed);
          }
          first = true;
        }
        cancellationPoint();
        continue;
      }
      const waiter = first ? state.receivers.pushFront(new Waiter()) : state.receivers.push();
      first = false;
      state.announceReceiver();
      this._waiting++;
      try {
        await waiter;
        // A cancel() that arrived after the wake-up is raised here, before an item is taken.
        cancellationPoint();
      } catch (err) {
        // Woken for an item we will not take: it stays first in line for the next receiver.
        if (abandon(waiter, state.receivers) && state.items.size > 0) state.receivers.wakeFirst();
        throw err;
      } finally {
        this._waiting--;
      }
    }
  }

  /**
   * Takes the next item without waiting: a buffered one, or at buffer size 0 the item of a sender
   * waiting to hand it over (that `send()` then returns). Throws `WouldBlock` if there is none, and
   * the errors of `receive()`.
   */
  receiveNowait(): T {
    this._checkOpen("receiveNowait");
    const state = this._state;
    if (state.items.size > 0) return state.take();
    const taken = state.takeFromSender();
    if (taken !== NO_ITEM) return taken;
    if (state.openSenders === 0) throw new EndOfChannel();
    throw new WouldBlock("ReceiveChannel.receiveNowait(): no item is buffered and no sender is waiting; await receive() to wait for one.");
  }

  /**
   * Another receive half of the same channel, open until it is closed itself. Throws
   * `ClosedResourceError` on a closed half.
   */
  clone(): ReceiveChannel<T> {
    if (this._closed) throw new ClosedResourceError("ReceiveChannel.clone(): this half was closed; clone before closing it.");
    this._state.openReceivers++;
    return new ReceiveChannel(this._state);
  }

  /**
   * Closes this half (a second call does nothing). Its waiting receives throw
   * `ClosedResourceError`. Once every receive half is closed, buffered items are dropped and
   * senders get `BrokenResourceError`.
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    const state = this._state;
    // Wakes the other halves' receivers too: they re-check and wait again.
    if (this._waiting > 0) state.receivers.wakeAll();
    if (--state.openReceivers === 0) state.closeReceiving();
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  /**
   * Iterates the items as they arrive, ending cleanly at `EndOfChannel`. Each step is a
   * `receive()`; `break` stops iterating and leaves this half open.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new ReceiveIterator(this);
  }

  /** A snapshot of the channel both halves share. */
  statistics(): ChannelStatistics {
    return statisticsOf(this._state);
  }

  /** Its state for logs and debugging, e.g. `<ReceiveChannel open buffered=0/0>`. */
  toString(): string {
    return `<ReceiveChannel ${this._closed ? "closed" : "open"} buffered=${this._state.items.size}/${this._state.bufferSize}>`;
  }

  /** @internal */
  _checkOpen(method: string): void {
    if (this._closed) throw new ClosedResourceError(`ReceiveChannel.${method}(): this receive half was closed.`);
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** @internal The iterator behind `for await (const item of receive)`. */
class ReceiveIterator<T> implements AsyncIterator<T> {
  readonly #channel: ReceiveChannel<T>;

  constructor(channel: ReceiveChannel<T>) {
    this.#channel = channel;
  }

  next(): Promise<IteratorResult<T>> {
    const channel = this.#channel;
    const item = channel._takeNow();
    // Settled at once when an item is there: a chained then() would put the consumer a few
    // microtasks behind a sender that offers its item for one.
    if (item === NO_ITEM) return channel._receive(toIteratorResult, done);
    return isThenable(item) ? Promise.resolve(item).then(toResult) : Promise.resolve(toResult(item));
  }

  return(): Promise<IteratorResult<T>> {
    return Promise.resolve(DONE);
  }
}

/** An item `receive()` would adopt (as an async function adopts what it returns) rather than hand over. */
function isThenable(value: unknown): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function toResult<T>(value: T): IteratorYieldResult<T> {
  return { done: false, value };
}

/** What `receive()` ends with: the item itself (a thenable one adopted, as an async function's result is). */
function sameItem<T>(item: T): T {
  return item;
}

function throwEnd(): never {
  throw new EndOfChannel();
}

/** What a `for await` step ends with: the item's result (a thenable item adopted first, as `receive()` does). */
function toIteratorResult<T>(item: T): IteratorResult<T> | Promise<IteratorResult<T>> {
  return isThenable(item) ? Promise.resolve(item).then(toResult) : toResult(item);
}

function done(): IteratorReturnResult<undefined> {
  return DONE;
}
