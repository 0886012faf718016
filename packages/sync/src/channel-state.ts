import { type AwaitDescription, describeAwait } from "@tsio/loop";
import { Deque } from "./deque.js";
import { meetInTurn } from "./turn-budget.js";
import { Waiter, WaiterList, wakeInTurn } from "./waiter-list.js";

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
  /**
   * @internal Settles the `send()` promise itself when the item is taken, for a send that offered
   * its item first: its caller resumes a microtask after the receiver, in step with it, not after
   * the waiting frame unwinds.
   */
  _settle: (() => void) | null = null;

  constructor(item: T) {
    super();
    this._item = item;
  }
}

/**
 * @internal Awaited once by a `send()` or `receive()` that finds no partner, before it waits for
 * one: the partner may be on its way in this same turn (the other task is a microtask from
 * resuming after its last exchange), and meeting it after one microtask costs what a `Queue`
 * hand-off does, where waiting for it costs a future, its await and a wake-up.
 */
export const ONE_MICROTASK: Promise<void> = Promise.resolve();

/** @internal What `takeFromSender()` returns when no sender has an item to hand over. */
export const NO_ITEM: unique symbol = Symbol("no item");

const NO_OFFER = 0;
const OFFERED = 1;
const TAKEN = 2;

const NO_RECEIVER = 0;
const RECEIVER_READY = 1;
const HANDED = 2;

/**
 * @internal What every half of one channel shares. A sender that finds a receiver waiting queues
 * its item in `items` and wakes that receiver, which takes an item when it resumes, exactly as a
 * `Queue` getter does: a receiver cancelled after its wake-up takes nothing (the item stays first
 * in line and the next receiver is woken for it; it is held beyond `bufferSize` until then). At
 * buffer size 0 a sender that finds no receiver waits with its item (`SendWaiter`), and a receiver
 * takes it from there. A cancelled `send()` never leaves anything behind: its waiter is unlinked
 * when it is cancelled, and one that was taken first is a send that happened.
 *
 * Before it waits on a future, a sender and a receiver that find no partner yield one microtask
 * (`ONE_MICROTASK`) and look again, so two tasks trading items back to back meet in microtasks, as
 * they do through a `Queue`. At buffer size 0 the first sender in line offers its item in a slot
 * meanwhile (`offer()`), which a receiver takes as it would a waiting sender's; other senders
 * yield queued in `senders`, behind it. An offer not taken is withdrawn before the sender waits
 * (at the head of the line) or raises a cancellation, so it never outlives its `send()`.
 *
 * Likewise the first receiver in line at buffer size 0 marks itself ready while it yields
 * (`readyReceiver()`): a sender that comes meanwhile hands it the item and returns, as to a
 * waiting receiver. If that receiver then finds its half closed or a cancellation pending, the
 * item goes back first in line for the next receiver (`giveBack()`), as a woken receiver's does.
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
  /** The offer slot's state (see the class comment): `NO_OFFER`, `OFFERED` or `TAKEN`. */
  offerState = NO_OFFER;
  /** The offered item while `OFFERED`. */
  offered: T | undefined = undefined;
  /** Settles the offering `send()`: when a receiver takes its item, or as it goes on to wait. */
  offerResolve: ((value: void | PromiseLike<void>) => void) | null = null;
  /** Fails the offering `send()` with a cancellation raised as its offer is withdrawn. */
  offerReject: ((reason: unknown) => void) | null = null;
  /** The ready receiver's slot: `NO_RECEIVER`, `RECEIVER_READY` or `HANDED`. */
  receiverState = NO_RECEIVER;
  /** The item handed to the ready receiver while `HANDED`. */
  handed: T | undefined = undefined;

  constructor(bufferSize: number) {
    this.bufferSize = bufferSize;
  }

  /** The call graph's view: who waits to send or to receive. */
  [describeAwait](): AwaitDescription {
    return {
      kind: "channel",
      label: `<channel buffered=${this.items.size}/${this.bufferSize} receivers=${this.receiversWaiting()} senders=${this.sendersWaiting()}>`,
      waiters: [...this.receivers.toArray(), ...this.senders.toArray()],
    };
  }

  /** Whether a sender may hand over an item now: a receiver is waiting for it, or the buffer has room. */
  canSend(): boolean {
    return this.receiverState === RECEIVER_READY || !this.receivers.isEmpty() || this.items.size < this.bufferSize;
  }

  /**
   * Hands `item` to the ready receiver, or queues it and wakes a waiting receiver for it. Only
   * called when `canSend()`.
   */
  put(item: T): void {
    if (this.receiverState === RECEIVER_READY) {
      this.handed = item;
      this.receiverState = HANDED;
      return;
    }
    this.items.push(item);
    // Through the loop, as a Queue getter is woken: a cancel() that reaches the receiver before it
    // resumes is raised there, and the item goes to the next receiver.
    this.receivers.wakeFirst();
  }

  /** Takes the first item; a waiting sender is woken if that made room. Only called when items are queued. */
  take(): T {
    const item = this.items.take();
    if (this.items.size < this.bufferSize) this.senders.wakeFirstInTurn();
    return item;
  }

  /**
   * At buffer size 0, takes the item of the sender first in line: the offered one, or a waiting
   * sender's, which is woken with its send done; `NO_ITEM` when no sender has one. The sender's
   * wake-up keeps a cancellation that arrives meanwhile for its next await: its item was
   * received, so its send must not fail.
   */
  takeFromSender(): T | typeof NO_ITEM {
    if (this.bufferSize !== 0) return NO_ITEM;
    if (this.offerState === OFFERED) {
      const item = this.offered as T;
      this.offered = undefined;
      this.offerState = TAKEN;
      // The send happened: it returns even if a cancellation reaches its task meanwhile.
      this.offerResolve?.();
      return item;
    }
    let waiter = this.senders._head;
    while (waiter !== null) {
      this.senders.remove(waiter);
      if (!waiter.done() && waiter instanceof SendWaiter) {
        const sender = waiter as SendWaiter<T>;
        sender._taken = true;
        sender._keepWake = true;
        sender._settle?.();
        wakeInTurn(sender);
        return sender._item;
      }
      waiter = this.senders._head;
    }
    return NO_ITEM;
  }

  /**
   * At buffer size 0, puts `item` in the offer slot if this sender is first in line (the slot is
   * free and no sender waits); returns whether it did. The sender yields, then calls
   * `withdrawOffer()`.
   */
  offer(item: T): boolean {
    if (this.bufferSize !== 0 || this.offerState !== NO_OFFER || !this.senders.isEmpty() || !meetInTurn()) return false;
    this.offered = item;
    this.offerState = OFFERED;
    return true;
  }

  /** Frees the offer slot; returns whether a receiver took the item meanwhile (the send happened). */
  withdrawOffer(): boolean {
    const taken = this.offerState === TAKEN;
    this.offerState = NO_OFFER;
    this.offered = undefined;
    return taken;
  }

  /**
   * At buffer size 0, marks the receiver about to yield as ready for an item if it is first in
   * line (no receiver ready or waiting, nothing queued); returns whether it did. It yields, then
   * calls `withdrawReceiver()`.
   */
  readyReceiver(): boolean {
    if (this.bufferSize !== 0 || this.receiverState !== NO_RECEIVER || !this.receivers.isEmpty() || this.items.size > 0) {
      return false;
    }
    this.receiverState = RECEIVER_READY;
    return true;
  }

  /** Frees the ready receiver's slot; returns the item a sender handed it meanwhile, or `NO_ITEM`. */
  withdrawReceiver(): T | typeof NO_ITEM {
    const state = this.receiverState;
    const item = this.handed;
    this.receiverState = NO_RECEIVER;
    this.handed = undefined;
    return state === HANDED ? (item as T) : NO_ITEM;
  }

  /**
   * An item handed to a receiver that leaves without it goes back first in line, and the next
   * receiver is woken for it; once every receive half is closed it is dropped with the buffer.
   */
  giveBack(item: T): void {
    if (this.openReceivers === 0) return;
    this.items.unshift(item);
    this.receivers.wakeFirst();
  }

  /** Receivers in `receive()` not yet done: those waiting, and a ready one not yet handed an item. */
  receiversWaiting(): number {
    return this.receivers.size + (this.receiverState === RECEIVER_READY ? 1 : 0);
  }

  /** Senders in `send()` not yet done: those waiting, and an item offered and not yet taken. */
  sendersWaiting(): number {
    return this.senders.size + (this.offerState === OFFERED ? 1 : 0);
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
    // An offer not yet taken stays until its sender withdraws it and sees the channel broken.
    this.senders.wakeAll();
  }
}
