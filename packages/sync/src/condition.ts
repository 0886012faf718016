import { type AwaitDescription, assertFunction, CancelledError, currentOwner, describeAwait, describeValue, InvalidStateError } from "@tsio/loop";
import type { Acquisition } from "./acquisition.js";
import { Lock } from "./lock.js";
import { requireLoop } from "./require-loop.js";
import { abandon, WaiterList, wasWoken } from "./waiter-list.js";

/**
 * A condition variable (asyncio's `Condition`): tasks holding its lock `wait()` until another task
 * holding the lock calls `notify()`. Pass a `Lock` to share one lock between several conditions.
 * `wait()` always returns (or throws) with the lock held again, also when the task is cancelled.
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * const items: number[] = [];
 * createTask(() => cond.run(async () => {
 *   await cond.waitFor(() => items.length > 0);
 *   console.log(items.shift());
 * }));
 * await cond.run(() => {
 *   items.push(42);
 *   cond.notify();
 * });
 * ```
 */
export class Condition {
  /** @internal */ readonly _lock: Lock;
  /** @internal */ readonly _waiters = new WaiterList(this);

  /** Uses `lock` (a `Lock`) when given, otherwise a new one. */
  constructor(lock?: Lock) {
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(`new Condition(lock): lock must be a Lock, got ${describeValue(lock)}.`);
    }
    this._lock = lock ?? new Lock();
  }

  /** Whether the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /** Acquires the underlying lock (see `Lock.acquire`). */
  acquire(): Promise<Acquisition> {
    return this._lock.acquire();
  }

  /** Releases the underlying lock (see `Lock.release`). */
  release(): void {
    this._lock.release();
  }

  /** Runs `fn` holding the underlying lock and always releases it (see `Lock.run`). */
  run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    assertFunction(fn, "Condition.run(fn): fn");
    return this._lock._run(fn);
  }

  /**
   * Releases the lock, waits for a `notify()`, and re-acquires the lock before returning `true`.
   * Throws `InvalidStateError` at the call if the lock is not held, and `EventLoopError` (with the
   * lock still held) outside a running loop. If the task is cancelled, the
   * lock is still re-acquired before `CancelledError` propagates, and a notification it had
   * already received is passed on to another waiter.
   */
  wait(): Promise<true> {
    if (!this._lock.locked()) {
      throw new InvalidStateError("Condition.wait(): acquire the condition's lock first (e.g. inside cond.run(...)).");
    }
    // Before the lock is given up: outside a loop nothing could wake this wait.
    requireLoop("Condition.wait()");
    return this._wait();
  }

  /**
   * Waits until `predicate()` returns a truthy value and resolves to that value; the predicate is
   * checked first, then after every wake-up, always with the lock held.
   */
  waitFor<R>(predicate: () => R): Promise<R> {
    assertFunction(predicate, "Condition.waitFor(predicate): predicate");
    if (!this._lock.locked()) {
      throw new InvalidStateError(
        "Condition.waitFor(): acquire the condition's lock first (e.g. inside cond.run(...)).",
      );
    }
    requireLoop("Condition.waitFor()");
    return this._waitFor(predicate);
  }

  /**
   * Wakes up to `n` (default 1) waiting tasks, oldest first. Throws `InvalidStateError` if the lock
   * is not held, `TypeError`/`RangeError` unless `n` is a non-negative integer (or `Infinity`).
   */
  notify(n = 1): void {
    if (n !== Number.POSITIVE_INFINITY) {
      if (typeof n !== "number" || !Number.isInteger(n)) {
        throw new TypeError(`Condition.notify(n): n must be an integer, got ${describeValue(n)}.`);
      }
      if (n < 0) throw new RangeError(`Condition.notify(n): n must not be negative, got ${n}.`);
    }
    if (!this._lock.locked()) {
      throw new InvalidStateError("Condition.notify(): acquire the condition's lock first (e.g. inside cond.run(...)).");
    }
    this._notify(n);
  }

  /** Wakes every waiting task. Throws `InvalidStateError` if the lock is not held. */
  notifyAll(): void {
    if (!this._lock.locked()) {
      throw new InvalidStateError(
        "Condition.notifyAll(): acquire the condition's lock first (e.g. inside cond.run(...)).",
      );
    }
    this._waiters.wakeAll();
  }

  /** @internal */
  _notify(n: number): void {
    let woken = 0;
    while (woken < n && this._waiters.wakeFirst()) woken++;
  }

  /** @internal */
  async _waitFor<R>(predicate: () => R): Promise<R> {
    let result = predicate();
    while (!result) {
      await this._wait();
      result = predicate();
    }
    return result;
  }

  /** @internal */
  async _wait(): Promise<true> {
    // Queued before the lock is given up: if queueing fails, the caller still holds the lock.
    const waiter = this._waiters.push();
    this._lock.release();
    let failed = false;
    let failure: unknown;
    try {
      await waiter;
    } catch (err) {
      failed = true;
      failure = err;
      abandon(waiter, this._waiters);
    }
    // The caller holds the lock when wait() settles, whatever happened; only a cancellation of the
    // re-acquire is retried, anything else is a bug worth surfacing.
    for (;;) {
      try {
        if (this._lock._locked) await this._lock._waitForHandOff();
        else {
          this._lock._locked = true;
          this._lock._holder = currentOwner();
        }
        break;
      } catch (err) {
        if (!(err instanceof CancelledError)) {
          if (wasWoken(waiter)) this._notify(1);
          throw err;
        }
        failed = true;
        failure = err;
      }
    }
    if (failed) {
      // We consumed a notification we will not act on: give it to another waiter.
      if (wasWoken(waiter)) this._notify(1);
      throw failure;
    }
    return true;
  }

  /**
   * The call graph's view: the tasks waiting for a notification. They wait for a `notify()` from
   * anyone, not for the lock's holder, so no holder is named here (re-taking the lock is a lock wait).
   */
  [describeAwait](): AwaitDescription {
    return { kind: "condition", label: this.toString(), waiters: this._waiters.toArray() };
  }

  /** Its state for logs and debugging, e.g. `<Condition unlocked waiters=0>`. */
  toString(): string {
    return `<Condition ${this._lock.locked() ? "locked" : "unlocked"} waiters=${this._waiters.size}>`;
  }
}
