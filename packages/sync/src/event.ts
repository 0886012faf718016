import { type AwaitDescription, describeAwait } from "@tsio/loop";
import { abandon, WaiterList } from "./waiter-list.js";

/**
 * A flag tasks can wait for (asyncio's `Event`). `set()` wakes every waiter; while the flag is set,
 * `wait()` returns at once; `clear()` lowers it again.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * createTask(async () => {
 *   await ready.wait();
 *   console.log("go");
 * });
 * ready.set();
 * ```
 */
export class Event {
  /** @internal */ _value = false;
  /** @internal */ readonly _waiters = new WaiterList(this);

  /** Whether the flag is set. */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every task waiting for it. */
  set(): void {
    if (this._value) return;
    this._value = true;
    this._waiters.wakeAll();
  }

  /** Lowers the flag: later `wait()` calls block until the next `set()`. */
  clear(): void {
    this._value = false;
  }

  /** Waits until the flag is set (returns at once if it already is); resolves to `true`. */
  async wait(): Promise<true> {
    if (this._value) return true;
    const waiter = this._waiters.push();
    try {
      await waiter;
    } catch (err) {
      // set() wakes everyone, so there is no wake-up to pass on.
      abandon(waiter, this._waiters);
      throw err;
    }
    return true;
  }

  /** The call graph's view: whoever waits for the flag. */
  [describeAwait](): AwaitDescription {
    return { kind: "event", label: this.toString(), waiters: this._waiters.toArray() };
  }

  /** Its state for logs and debugging, e.g. `<Event unset waiters=2>`. */
  toString(): string {
    return `<Event ${this._value ? "set" : "unset"} waiters=${this._waiters.size}>`;
  }
}
