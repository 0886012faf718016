import { InvalidStateError } from "@tsio/loop";

/** @internal What an `Acquisition` gives back when it is released. */
export interface Releasable {
  release(): void;
}

/**
 * What `lock.acquire()`, `semaphore.acquire()` and `condition.acquire()` resolve to: proof of one
 * acquisition that releases it exactly once, by `release()` or at the end of an `await using` (or
 * `using`) block. It is truthy, like the `true` asyncio's `acquire()` returns.
 *
 * @example
 * ```ts
 * {
 *   await using _held = await lock.acquire();
 *   // ... critical section ...
 * } // released here, also when the block throws
 * ```
 */
export class Acquisition implements Disposable, AsyncDisposable {
  #owner: Releasable | null;

  /** @internal Made by the primitives' `acquire()`. */
  constructor(owner: Releasable) {
    if (typeof owner?.release !== "function") {
      throw new TypeError("new Acquisition(owner): made by lock.acquire() and semaphore.acquire(); owner must have release().");
    }
    this.#owner = owner;
  }

  /** `"Acquisition"`, so `Object.prototype.toString` and inspectors name it. */
  get [Symbol.toStringTag](): string {
    return "Acquisition";
  }

  /** Whether this acquisition was already released. */
  get released(): boolean {
    return this.#owner === null;
  }

  /**
   * Releases the acquisition. Throws `InvalidStateError` if it was already released through this
   * object (releasing twice would free somebody else's hold).
   */
  release(): void {
    const owner = this.#owner;
    if (owner === null) {
      throw new InvalidStateError("This acquisition was already released: release each acquire() exactly once.");
    }
    this.#owner = null;
    owner.release();
  }

  /** Releases unless already released, so an explicit `release()` inside `using` is fine. */
  [Symbol.dispose](): void {
    if (this.#owner !== null) this.release();
  }

  /** Same as `[Symbol.dispose]()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    this[Symbol.dispose]();
    return Promise.resolve();
  }
}
