/**
 * The plain-Promise baseline for a bounded queue: what a user would hand-roll without a library.
 * Same semantics as asyncio's `Queue`: `put` waits while full, `get` waits while empty, and
 * waiters are woken in FIFO order.
 *
 * @example
 * ```ts
 * const channel = new PromiseChannel<number>(1);
 * void channel.put(1);
 * console.log(await channel.get()); // 1
 * ```
 */
export class PromiseChannel<T> {
  private readonly items: T[] = [];
  private readonly putters: (() => void)[] = [];
  private readonly getters: (() => void)[] = [];

  constructor(private readonly maxsize: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.maxsize) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    this.items.push(item);
    this.getters.shift()?.();
  }

  async get(): Promise<T> {
    while (this.items.length === 0) {
      await new Promise<void>((resolve) => this.getters.push(resolve));
    }
    const item = this.items.shift() as T;
    this.putters.shift()?.();
    return item;
  }
}
