import { Condition } from "./condition.js";
import { BrokenBarrierError } from "./errors.js";
import { requireLoop } from "./require-loop.js";
import { assertCount } from "./validate-count.js";

const FILLING = 0;
const DRAINING = 1;
const RESETTING = 2;
const BROKEN = 3;
type BarrierState = typeof FILLING | typeof DRAINING | typeof RESETTING | typeof BROKEN;

/**
 * A meeting point for a fixed number of tasks (asyncio's `Barrier`): each `wait()` blocks until
 * `parties` tasks are waiting, then all of them continue together, and the barrier can be used for
 * the next round. `abort()` breaks it: current and future `wait()` calls throw
 * `BrokenBarrierError` until `reset()`.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * for (let i = 0; i < 3; i++) {
 *   createTask(async () => {
 *     const index = await barrier.wait(); // 0, 1, 2 in arrival order
 *     console.log(`task ${i} passed as number ${index}`);
 *   });
 * }
 * ```
 */
export class Barrier {
  /** @internal */ readonly _cond = new Condition();
  /** @internal */ readonly _parties: number;
  /** @internal */ _state: BarrierState = FILLING;
  /** @internal Tasks inside `wait()` between arriving and leaving. */
  _count = 0;
  /** @internal */ readonly _notBusy = (): boolean => this._state !== DRAINING && this._state !== RESETTING;
  /** @internal */ readonly _notFilling = (): boolean => this._state !== FILLING;

  /** `parties` is how many tasks each round waits for: an integer of at least 1. */
  constructor(parties: number) {
    assertCount(parties, "new Barrier(parties): parties", 1);
    this._parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting and resolves to this task's arrival index in the round
   * (0 for the first, `parties - 1` for the one that released the others). Throws
   * `BrokenBarrierError` if the barrier is or becomes broken, or is reset while waiting.
   */
  async wait(): Promise<number> {
    requireLoop("Barrier.wait()");
    const cond = this._cond;
    await cond.acquire();
    try {
      // Tasks arriving for the next round wait until the previous one has drained.
      await cond._waitFor(this._notBusy);
      if (this._state === BROKEN) throw new BrokenBarrierError("Barrier.wait(): the barrier was aborted; call reset() to use it again.");
      const index = this._count++;
      try {
        if (index + 1 === this._parties) {
          this._state = DRAINING;
          cond.notifyAll();
        } else {
          await cond._waitFor(this._notFilling);
          // Re-read after the await: abort() or reset() may have changed the state meanwhile.
          const state = this._state as BarrierState;
          if (state === BROKEN || state === RESETTING) {
            throw new BrokenBarrierError("Barrier.wait(): the barrier was aborted or reset while this task waited.");
          }
        }
        return index;
      } finally {
        this._count--;
        // The last task out ends the round and lets the next one start filling.
        if (this._count === 0) {
          if (this._state === RESETTING || this._state === DRAINING) this._state = FILLING;
          cond.notifyAll();
        }
      }
    } finally {
      cond.release();
    }
  }

  /**
   * Returns the barrier to its empty state. Tasks waiting on it get `BrokenBarrierError`; a broken
   * barrier becomes usable again.
   */
  async reset(): Promise<void> {
    const cond = this._cond;
    await cond.acquire();
    try {
      if (this._count > 0) this._state = RESETTING;
      else this._state = FILLING;
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /**
   * Breaks the barrier: waiting tasks and later `wait()` calls throw `BrokenBarrierError` until
   * `reset()`. Use it when a party cannot arrive, so the others do not wait forever.
   */
  async abort(): Promise<void> {
    const cond = this._cond;
    await cond.acquire();
    try {
      this._state = BROKEN;
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /** How many tasks each round waits for. */
  get parties(): number {
    return this._parties;
  }

  /** How many tasks are waiting in the current round (0 while it drains). */
  get nWaiting(): number {
    return this._state === FILLING ? this._count : 0;
  }

  /** Whether the barrier is broken (aborted). */
  get broken(): boolean {
    return this._state === BROKEN;
  }

  /** Its state for logs and debugging, e.g. `<Barrier filling waiters=1/3>`. */
  toString(): string {
    const state = ["filling", "draining", "resetting", "broken"][this._state];
    return `<Barrier ${state} waiters=${this.nWaiting}/${this._parties}>`;
  }
}
