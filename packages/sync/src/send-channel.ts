import { cancellationPoint } from "@tsio/loop";
import { type ChannelState, ONE_MICROTASK, SendWaiter } from "./channel-state.js";
import { type ChannelStatistics, statisticsOf } from "./channel-statistics.js";
import { BrokenResourceError, ClosedResourceError, WouldBlock } from "./resource-errors.js";
import { meetInTurn } from "./turn-budget.js";
import { abandon, Waiter } from "./waiter-list.js";

/** What a send that did not wait returns: every such send resolves the same way. */
const SENT: Promise<void> = Promise.resolve();

/**
 * The sending half of a channel made by `openChannel()`. `send()` waits while the buffer is full
 * (at buffer size 0, until a receiver takes the item). Several producers can share a channel:
 * give each its own `clone()` and have each `close()` its own; receivers see the end once every
 * send half is closed.
 *
 * Cancellation is safe: a `send()` cancelled while it waits puts nothing in the channel.
 *
 * @example
 * ```ts
 * const [send, receive] = openChannel<string>(0);
 * createTask(async () => {
 *   await using out = send; // closed when the producer is done
 *   for (const word of ["a", "b"]) await out.send(word);
 * });
 * for await (const word of receive) console.log(word); // a, b, then the loop ends
 * ```
 */
export class SendChannel<T> implements AsyncDisposable, Disposable {
  /** @internal */ readonly _state: ChannelState<T>;
  /** @internal */ _closed = false;
  /** @internal Sends of this half now waiting, so close() knows whether to wake them. */
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
   * Sends `item`, waiting while the buffer is full (at buffer size 0, until a receiver is there to
   * take it). Throws `ClosedResourceError` if this half is (or, while waiting, gets) closed, and
   * `BrokenResourceError` once every receive half is closed. A cancelled send leaves nothing in
   * the channel.
   */
  send(item: T): Promise<void> {
    const state = this._state;
    if (!this._closed && state.openReceivers > 0) {
      // Room or a receiver now: no async frame (a promise and a suspension) for a send that never waits.
      if (state.canSend()) {
        state.put(item);
        return SENT;
      }
      // First in line at buffer size 0: the item is offered for one microtask, and a receiver on
      // its way in this turn that takes it settles this send at once.
      if (state.offer(item)) return new Promise<void>(this._offerExecutor);
    }
    return this._send(item, null);
  }

  /** @internal Keeps the offering send's resolving functions and looks again after one microtask. */
  readonly _offerExecutor = (resolve: (value: void | PromiseLike<void>) => void, reject: (reason: unknown) => void): void => {
    this._state.offerResolve = resolve;
    this._state.offerReject = reject;
    // Queued here, in the sender's async context, so that a wait below belongs to its task.
    void ONE_MICROTASK.then(this._afterOffer);
  };

  /**
   * @internal One microtask after an offer: taken, the send is settled already; else the offer is
   * withdrawn (nothing is left in the channel) and the sender waits, first in line, unless a
   * cancellation that arrived meanwhile is raised first.
   */
  readonly _afterOffer = (): void => {
    const state = this._state;
    const resolve = state.offerResolve!;
    const reject = state.offerReject!;
    state.offerResolve = null;
    state.offerReject = null;
    const item = state.offered as T;
    if (state.withdrawOffer()) return;
    try {
      cancellationPoint();
    } catch (err) {
      reject(err);
      return;
    }
    // Not resolve(this._send(...)): a promise resolved with another follows it, and the taker
    // settles this one first (`_settle`).
    this._send(item, resolve).then(resolve, reject);
  };

  /**
   * @internal The send that waits. `settle`: the send offered its item for a microtask already,
   * which kept its place first in line; the receiver that takes its item settles the send with it.
   */
  async _send(item: T, settle: (() => void) | null): Promise<void> {
    const state = this._state;
    let first = settle !== null;
    let yielded = first;
    for (;;) {
      this._checkUsable("send");
      if (state.canSend()) {
        state.put(item);
        return;
      }
      // At buffer size 0 the item waits with the sender, for a receiver to take it from there.
      let waiter: Waiter;
      if (state.bufferSize === 0) {
        const sender = new SendWaiter(item);
        sender._settle = settle;
        waiter = sender;
      } else waiter = new Waiter();
      if (first) {
        first = false;
        state.senders.pushFront(waiter);
      } else state.senders.push(waiter);
      this._waiting++;
      try {
        if (!yielded && meetInTurn()) {
          yielded = true;
          // A receiver on its way in this turn takes the item (or makes room) meanwhile.
          await ONE_MICROTASK;
          if (waiter instanceof SendWaiter && waiter._taken) return;
          // A request that arrived meanwhile is raised before the item can be taken.
          cancellationPoint();
        }
        if (!waiter.done()) await waiter;
      } catch (err) {
        // Woken for room (or a receiver) we will not use: the next sender may have it.
        if (abandon(waiter, state.senders) && state.canSend()) state.senders.wakeFirst();
        throw err;
      } finally {
        this._waiting--;
      }
      if (waiter instanceof SendWaiter && waiter._taken) return;
    }
  }

  /**
   * Sends `item` without waiting. Throws `WouldBlock` if the buffer is full (at buffer size 0:
   * no receiver is waiting), and the errors of `send()`.
   */
  sendNowait(item: T): void {
    this._checkUsable("sendNowait");
    const state = this._state;
    if (!state.canSend()) {
      throw new WouldBlock(
        state.bufferSize === 0
          ? "SendChannel.sendNowait(): no receiver is waiting; await send(item) to wait for one."
          : `SendChannel.sendNowait(): the buffer is full (${state.bufferSize} items); await send(item) to wait for room.`,
      );
    }
    state.put(item);
  }

  /**
   * Another send half of the same channel, open until it is closed itself: the channel ends only
   * when every send half is closed. Throws `ClosedResourceError` on a closed half.
   */
  clone(): SendChannel<T> {
    if (this._closed) throw new ClosedResourceError("SendChannel.clone(): this half was closed; clone before closing it.");
    this._state.openSenders++;
    return new SendChannel(this._state);
  }

  /**
   * Closes this half (a second call does nothing). Its waiting sends throw
   * `ClosedResourceError`; once every send half is closed, receivers drain the buffer and then
   * get `EndOfChannel` (their `for await` loops end).
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    const state = this._state;
    // Wakes the other halves' senders too: they re-check and wait again.
    if (this._waiting > 0) state.senders.wakeAll();
    if (--state.openSenders === 0) state.closeSending();
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

  /** A snapshot of the channel both halves share. */
  statistics(): ChannelStatistics {
    return statisticsOf(this._state);
  }

  /** Its state for logs and debugging, e.g. `<SendChannel open buffered=1/4>`. */
  toString(): string {
    return `<SendChannel ${this._closed ? "closed" : "open"} buffered=${this._state.items.size}/${this._state.bufferSize}>`;
  }

  /** @internal */
  _checkUsable(method: string): void {
    if (this._closed) throw new ClosedResourceError(`SendChannel.${method}(): this send half was closed.`);
    if (this._state.openReceivers === 0) {
      throw new BrokenResourceError(`SendChannel.${method}(): every receive half is closed, so nobody can receive; stop sending.`);
    }
  }
}
