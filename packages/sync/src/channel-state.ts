import { type AwaitDescription, describeAwait } from "@tsio/loop";
import { Deque } from "./deque.js";
import { WaiterList } from "./waiter-list.js";

/**
 * @internal What every half of one channel shares. Items always pass through `items`, also at
 * buffer size 0: a sender that finds a receiver waiting queues its item and wakes that receiver,
 * which takes an item when it resumes, exactly as a `Queue` getter does. So a receiver cancelled
 * after its wake-up takes nothing (the item stays first in line and the next receiver is woken for
 * it), and a sender only ever gives up its item while it is running: a cancelled `send()` never
 * leaves anything behind. The price: an item whose receiver was cancelled at that moment is held
 * beyond `bufferSize` until the next receiver takes it (the sender had already returned).
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
