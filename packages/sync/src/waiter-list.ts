import { type AwaitDescription, type DescribesAwait, describeAwait, Future } from "@tsio/loop";
import { meetInTurn } from "./turn-budget.js";

/**
 * @internal A future that a primitive hands out to one waiting caller. It is also the node of the
 * `WaiterList` it waits in, so queueing a waiter allocates nothing beyond the future itself.
 */
export class Waiter extends Future<undefined> {
  /** @internal */ _prev: Waiter | null = null;
  /** @internal */ _next: Waiter | null = null;
  /** @internal */ _list: WaiterList | null = null;

  /**
   * Cancelling a waiter (a task's `cancel()` does it) unlinks it at once, so a wake-up never lands
   * on a waiter that can no longer take it: every waiter still in a list is pending.
   */
  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._list?.remove(this);
    return true;
  }

  /** A waiter is shown as the primitive it waits on (its list's owner), described only when asked. */
  override [describeAwait](): AwaitDescription {
    const owner = this._list?._owner;
    return owner == null ? super[describeAwait]() : owner[describeAwait]();
  }
}

/**
 * @internal A FIFO of pending waiters with O(1) append, removal and wake-up. Waking a waiter
 * unlinks it, so the head is always the next waiter that can still be woken.
 */
export class WaiterList {
  /** @internal */ _head: Waiter | null = null;
  /** @internal */ _tail: Waiter | null = null;
  /** @internal */ _size = 0;
  /** @internal The primitive this list belongs to, which describes its waiters for the call graph. */
  readonly _owner: DescribesAwait | null;

  constructor(owner?: DescribesAwait) {
    this._owner = owner ?? null;
  }

  /** How many waiters are queued. */
  get size(): number {
    return this._size;
  }

  isEmpty(): boolean {
    return this._head === null;
  }

  /** Queues a new waiter bound to the running loop (throws `EventLoopError` outside one), or `waiter`. */
  push<W extends Waiter = Waiter>(waiter: W = new Waiter() as W): W {
    waiter._list = this;
    const tail = this._tail;
    if (tail === null) this._head = waiter;
    else {
      tail._next = waiter;
      waiter._prev = tail;
    }
    this._tail = waiter;
    this._size++;
    return waiter;
  }

  /** Queues `waiter` first in line, ahead of every waiter queued now. */
  pushFront<W extends Waiter>(waiter: W): W {
    waiter._list = this;
    const head = this._head;
    if (head === null) this._tail = waiter;
    else {
      head._prev = waiter;
      waiter._next = head;
    }
    this._head = waiter;
    this._size++;
    return waiter;
  }

  /** Unlinks `waiter`; a no-op when it is not (or no longer) in this list. */
  remove(waiter: Waiter): void {
    if (waiter._list !== this) return;
    const prev = waiter._prev;
    const next = waiter._next;
    if (prev === null) this._head = next;
    else prev._next = next;
    if (next === null) this._tail = prev;
    else next._prev = prev;
    waiter._prev = null;
    waiter._next = null;
    waiter._list = null;
    this._size--;
  }

  /** The waiter `wakeFirst()` would wake (done ones at the head are dropped), or `null`. */
  firstPending(): Waiter | null {
    let waiter = this._head;
    while (waiter !== null && waiter.done()) {
      this.remove(waiter);
      waiter = this._head;
    }
    return waiter;
  }

  /** Wakes the first waiter; returns `false` when there was none to wake. */
  wakeFirst(): boolean {
    let waiter = this._head;
    while (waiter !== null) {
      this.remove(waiter);
      // Only pending waiters are linked, unless a future was completed behind our back.
      if (!waiter.done()) {
        waiter.setResult(undefined);
        return true;
      }
      waiter = this._head;
    }
    return false;
  }

  /**
   * Wakes the first waiter for an exchange already made (an item queued for it, room made), in
   * place when this turn's budget allows (see `wakeInTurn`); returns `false` when there was none.
   */
  wakeFirstInTurn(): boolean {
    let waiter = this._head;
    while (waiter !== null) {
      this.remove(waiter);
      if (!waiter.done()) {
        wakeInTurn(waiter);
        return true;
      }
      waiter = this._head;
    }
    return false;
  }

  /** The queued waiters, oldest first (for the call graph; not a hot path). */
  toArray(): Waiter[] {
    const out: Waiter[] = [];
    for (let w = this._head; w !== null; w = w._next) out.push(w);
    return out;
  }

  /** Wakes every queued waiter, oldest first; returns how many were woken. */
  wakeAll(): number {
    let woken = 0;
    while (this.wakeFirst()) woken++;
    return woken;
  }
}

/**
 * @internal Wakes `waiter` for an exchange already made. Within this turn's budget its awaiter
 * resumes in place, right after the running code's microtasks, rather than on the loop's next
 * iteration: a task woken by its partner stays in step with it, so the two go on meeting within
 * a turn (see `ChannelState`) instead of a loop iteration apart. A cancellation that reaches the
 * woken task meanwhile is handled as for any wake-up (its `cancellationPoint()` or `_keepWake`).
 */
export function wakeInTurn(waiter: Waiter): void {
  if (meetInTurn()) waiter._resolveNow(undefined);
  else waiter.setResult(undefined);
}

/** @internal Whether `waiter` was woken (rather than cancelled or still pending). */
export function wasWoken(waiter: Waiter): boolean {
  return waiter.done() && !waiter.cancelled();
}

/**
 * @internal After `await waiter` threw: makes sure a still-pending waiter (the await hook threw a
 * pending cancellation before it could wait) is cancelled and unlinked, and reports whether it had
 * been woken, in which case the caller owns a wake-up it must pass on.
 */
export function abandon(waiter: Waiter, list: WaiterList): boolean {
  if (wasWoken(waiter)) return true;
  waiter.cancel();
  list.remove(waiter);
  return false;
}
