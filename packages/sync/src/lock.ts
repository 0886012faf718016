import { type AwaitDescription, assertFunction, currentOwner, describeAwait, InvalidStateError } from "@tsio/loop";
import { Acquisition } from "./acquisition.js";
import { abandon, WaiterList } from "./waiter-list.js";

/**
 * A mutual-exclusion lock for tasks (asyncio's `Lock`). Waiters get the lock in the order they
 * asked for it; `release()` hands it straight to the first waiter, so a task that calls
 * `acquire()` later can never overtake one that is already waiting. A lock is not owned by a task:
 * any code may release it, but releasing an unlocked lock throws.
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * await lock.run(async () => {
 *   // only one task at a time runs this
 * });
 * {
 *   await using _held = await lock.acquire();
 *   // ... also exclusive, released at the end of the block ...
 * }
 * ```
 */
export class Lock {
  /** @internal */ _locked = false;
  /** @internal */ readonly _waiters = new WaiterList(this);
  /**
   * @internal The task that took the lock (through the kernel's owner probe), for the call graph:
   * a task waiting on the lock waits on it. `null` while free, outside a task, or just handed over.
   */
  _holder: object | null = null;

  /**
   * Whether the lock is held. Right after `release()` with tasks waiting this stays `true`: the
   * lock already belongs to the first waiter (asyncio briefly reports it free, yet still makes a
   * newcomer wait).
   */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Waits until the lock is free and takes it. Resolves to an `Acquisition` that releases it
   * (`await using _ = await lock.acquire()`); calling `lock.release()` yourself works too. If the
   * waiting task is cancelled, the lock is not taken and the next waiter is not held up.
   */
  async acquire(): Promise<Acquisition> {
    if (!this._locked) {
      this._locked = true;
      this._holder = currentOwner();
      return new Acquisition(this);
    }
    // Written out here and in _run() rather than shared: a helper async function would add a
    // promise and a microtask hop to every contended acquire.
    const waiter = this._waiters.push();
    try {
      await waiter;
    } catch (err) {
      // Woken, so the lock is already ours, but we are leaving: pass it on to the next waiter.
      if (abandon(waiter, this._waiters)) this.release();
      throw err;
    }
    if (this._holder === null) this._holder = currentOwner();
    return new Acquisition(this);
  }

  /**
   * Releases the lock, handing it to the first waiter if there is one. Throws
   * `InvalidStateError` if the lock is not held.
   */
  release(): void {
    if (!this._locked) {
      throw new InvalidStateError("Lock.release(): the lock is not acquired; release only what acquire() gave you.");
    }
    // The lock goes to the first waiter's task: its await is on record, so the holder is known now,
    // without asking the async context when that task resumes (the contended hot path).
    const next = this._waiters.firstPending();
    if (next === null) {
      this._holder = null;
      this._locked = false;
      return;
    }
    this._holder = next._firstAwaiter() ?? null;
    this._waiters.wakeFirst();
  }

  /**
   * Runs `fn` while holding the lock and always releases it, whether `fn` returns, throws, or the
   * task is cancelled. Throws `TypeError` at the call if `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    assertFunction(fn, "Lock.run(fn): fn");
    return this._run(fn);
  }

  /** @internal */
  async _run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    if (!this._locked) {
      this._locked = true;
      this._holder = currentOwner();
    } else {
      const waiter = this._waiters.push();
      try {
        await waiter;
      } catch (err) {
        if (abandon(waiter, this._waiters)) this.release();
        throw err;
      }
      if (this._holder === null) this._holder = currentOwner();
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** @internal Resolves once `release()` has handed the lock to this caller. */
  async _waitForHandOff(): Promise<void> {
    const waiter = this._waiters.push();
    // Condition.wait() takes its lock back whatever happened: a cancelled CancelScope around it
    // must not interrupt that wait, or it would raise, retry and raise again without end.
    waiter._scopeExempt = true;
    try {
      await waiter;
    } catch (err) {
      // Woken, so the lock is already ours, but we are leaving: pass it on to the next waiter.
      if (abandon(waiter, this._waiters)) this.release();
      throw err;
    }
    if (this._holder === null) this._holder = currentOwner();
  }

  /** The call graph's view: who holds the lock (waiting on it is waiting on them) and who waits. */
  [describeAwait](): AwaitDescription {
    return {
      kind: "lock",
      label: this.toString(),
      holders: this._holder === null ? [] : [this._holder],
      waiters: this._waiters.toArray(),
    };
  }

  /** Its state for logs and debugging, e.g. `<Lock locked waiters=1>`. */
  toString(): string {
    return `<Lock ${this._locked ? "locked" : "unlocked"} waiters=${this._waiters.size}>`;
  }
}
