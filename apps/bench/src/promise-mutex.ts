/**
 * The plain-Promise baseline for a lock: a FIFO mutex that hands the lock straight to the first
 * waiter on release.
 *
 * @example
 * ```ts
 * const mutex = new PromiseMutex();
 * await mutex.acquire();
 * try { await work(); } finally { mutex.release(); }
 * ```
 */
export class PromiseMutex {
  private locked = false;
  private waiters: (() => void)[] = [];
  private head = 0;

  async acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head]!;
      this.head++;
      if (this.head === this.waiters.length) {
        this.waiters = [];
        this.head = 0;
      }
      next();
      return;
    }
    this.locked = false;
  }
}
