import { type AwaitDescription, assertFunction, describeAwait, InvalidStateError } from "@tsio/loop";
import { Acquisition } from "./acquisition.js";
import { assertCount } from "./validate-count.js";
import { abandon, WaiterList } from "./waiter-list.js";

/**
 * A counter of permits (asyncio's `Semaphore`): `acquire()` takes one, waiting while none is left;
 * `release()` gives one back. It is fair: a permit released while tasks wait goes to the first of
 * them, and a new `acquire()` never overtakes a waiting task.
 *
 * @example
 * ```ts
 * const limit = new Semaphore(3); // at most 3 downloads at once
 * await Promise.all(urls.map((url) => limit.run(() => download(url))));
 * ```
 */
export class Semaphore {
  /** @internal Free permits. While tasks wait this is 0: released permits go to them directly. */
  _value: number;
  /** @internal */ readonly _waiters = new WaiterList(this);

  /** `value` (default 1) is the number of permits: a non-negative integer, else `TypeError`/`RangeError`. */
  constructor(value = 1) {
    assertCount(value, `new ${new.target.name}(value): value`, 0);
    this._value = value;
  }

  /** Whether `acquire()` would have to wait: no permit left, or tasks already waiting. */
  locked(): boolean {
    return this._value === 0 || !this._waiters.isEmpty();
  }

  /**
   * Takes a permit, waiting in line for one if needed. Resolves to an `Acquisition` that gives the
   * permit back (`await using _ = await sem.acquire()`); `sem.release()` works too. A task
   * cancelled while waiting takes no permit, and one cancelled just after a permit was handed to
   * it gives the permit to the next waiter.
   */
  async acquire(): Promise<Acquisition> {
    if (this._value > 0 && this._waiters.isEmpty()) {
      this._value--;
      return new Acquisition(this);
    }
    // Written out here and in _run() rather than shared: a helper async function would add a
    // promise and a microtask hop to every contended acquire.
    const waiter = this._waiters.push();
    try {
      await waiter;
    } catch (err) {
      // A permit was already handed to us, but we are leaving: it goes to the next in line.
      if (abandon(waiter, this._waiters)) this._release();
      throw err;
    }
    return new Acquisition(this);
  }

  /** Gives a permit back, to the first waiting task if there is one. */
  release(): void {
    this._release();
  }

  /**
   * Runs `fn` holding a permit and always gives it back, whether `fn` returns, throws, or the task
   * is cancelled. Throws `TypeError` at the call if `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    assertFunction(fn, `${this.constructor.name}.run(fn): fn`);
    return this._run(fn);
  }

  /** @internal */
  async _run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    if (this._value > 0 && this._waiters.isEmpty()) this._value--;
    else {
      const waiter = this._waiters.push();
      try {
        await waiter;
      } catch (err) {
        if (abandon(waiter, this._waiters)) this._release();
        throw err;
      }
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** @internal Hands the permit to the first waiter, or adds it to the free count. */
  _release(): void {
    if (!this._waiters.wakeFirst()) this._value++;
  }

  /**
   * The call graph's view: who waits for a permit. Holders are not tracked: a permit is not tied to
   * the task that took it (any code may release it), and tracking them would cost every acquire.
   */
  [describeAwait](): AwaitDescription {
    return { kind: "semaphore", label: this.toString(), waiters: this._waiters.toArray() };
  }

  /** Its state for logs and debugging, e.g. `<Semaphore value=0 waiters=3>`. */
  toString(): string {
    return `<${this.constructor.name} value=${this._value} waiters=${this._waiters.size}>`;
  }
}

/**
 * A `Semaphore` that refuses to be released more times than it was acquired: `release()` beyond
 * the initial value throws `InvalidStateError`, catching a double release early.
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(1);
 * await sem.acquire();
 * sem.release();
 * sem.release(); // throws InvalidStateError: released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */ readonly _bound: number;

  constructor(value = 1) {
    super(value);
    this._bound = value;
  }

  /** Gives a permit back; throws `InvalidStateError` if that would exceed the initial value. */
  override release(): void {
    if (this._value >= this._bound) {
      throw new InvalidStateError(
        `BoundedSemaphore released too many times (bound ${this._bound}): release once per acquire().`,
      );
    }
    this._release();
  }
}
