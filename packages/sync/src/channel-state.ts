import { type AwaitDescription, describeAwait } from "@tsio/loop";
import { Deque } from "./deque.js";
import { Waiter, WaiterList } from "./waiter-list.js";

/**
 * @internal A sender waiting at buffer size 0 with its item: a receiver that comes takes the item
 * straight from it and wakes it with the send done, instead of waking it to hand the item over
 * (one wake-up per item instead of two). Cancelled while it waits, it is unlinked and never taken.
 */
export class SendWaiter<T> extends Waiter {
  /** @internal */ readonly _item: T;
  /** @internal A receiver took `_item`: the send has happened. */
  _taken = false;
  /** @internal Set with `_taken`; initialised here so every sender waiter has one shape. */
  override _keepWake = false;

  constructor(item: T) {
    super();
    this._item = item;
  }
}

/**
 * @internal What every half of one channel shares. A sender that finds a receiver waiting queues
 * its item in `items` and wakes that receiver, which takes an item when it resumes, exactly as a
 * `Queue` getter does: a receiver cancelled after its wake-up takes nothing (the item stays first
 * in line and the next receiver is woken for it; it is held beyond `bufferSize` until then). At
 * buffer size 0 a sender that finds no receiver waits with its item (`SendWaiter`), and a receiver
 * takes it from there. A cancelled `send()` never leaves anything behind: its waiter is unlinked
 * when it is cancelled, and one that was taken first is a send that happened.
 */
export class ChannelState<T> {
  readonly bufferSize: number;
  readonly items = new Deque<T>();
  /** Receivers waiting for an item (or for the end). */
  readonly receivers = new WaiterList(this);
  /** Senders waiting for room, or, at buffer size 0, for a receiver. */
  readonly senders = new WaiterList(this);
  openSenders = 1;
  openReceivers = 1;

  constructor(bufferSize: number) {
    this.bufferSize = bufferSize;
  }

  /** The call graph's view: who waits to send or to receive. */
  [describeAwait](): AwaitDescription {
    return {
      kind: "channel",
      label: `<channel buffered=${this.items.size}/${this.bufferSize} receivers=${this.receivers.size} senders=${this.senders.size}>`,
      waiters: [...this.receivers.toArray(), ...this.senders.toArray()],
    };
  }

  /** Whether a sender may hand over an item now: a receiver is waiting for it, or the buffer has room. */
  canSend(): boolean {
    return !this.receivers.isEmpty() || this.items.size < this.bufferSize;
  }

  /** Queues `item`; a waiting receiver is woken for it. Only called when `canSend()`. */
  put(item: T): void {
    this.items.push(item);
    this.receivers.wakeFirst();
  }

  /** Takes the first item; a waiting sender is woken if that made room. Only called when items are queued. */
  take(): T {
    const item = this.items.take();
    if (this.items.size < this.bufferSize) this.senders.wakeFirst();
    return item;
  }

  /**
   * At buffer size 0, takes the item of the first waiting sender and wakes it with its send done;
   * `null` when no sender waits with an item. The sender's wake-up keeps a cancellation that
   * arrives meanwhile for its next await: its item was received, so its send must not fail.
   */
  takeFromSender(): SendWaiter<T> | null {
    if (this.bufferSize !== 0) return null;
    let waiter = this.senders._head;
    while (waiter !== null) {
      this.senders.remove(waiter);
      if (!waiter.done() && waiter instanceof SendWaiter) {
        const sender = waiter as SendWaiter<T>;
        sender._taken = true;
        sender._keepWake = true;
        sender.setResult(undefined);
        return sender;
      }
      waiter = this.senders._head;
    }
    return null;
  }

  /**
   * A receiver is about to wait: at buffer size 0 a sender may be waiting for exactly that, so wake
   * one (it re-checks `canSend()` when it resumes).
   */
  announceReceiver(): void {
    if (this.items.size >= this.bufferSize) this.senders.wakeFirst();
  }

  /** The last send half closed: waiting receivers wake to drain what is left, then see the end. */
  closeSending(): void {
    this.receivers.wakeAll();
  }

  /** The last receive half closed: what is buffered can never be received; waiting senders fail. */
  closeReceiving(): void {
    this.items.clear();
    this.senders.wakeAll();
  }
}
