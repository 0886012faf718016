import {
  checkOptions,
  type EventLoop,
  type Future,
  getRunningLoop,
  readTimeout,
  TimeoutError,
  type TimerHandle,
} from "@tsio/loop";
import { type Awaitable, type AwaitableResult, checkAwaitable, FUTURE, toFuture } from "./awaitable.js";
import { toItems } from "./wait.js";

/**
 * Options for `asCompleted()`.
 *
 * @example
 * ```ts
 * for await (const page of asCompleted(downloads, { timeout: 1000 })) console.log(page.length);
 * ```
 */
export interface AsCompletedOptions {
  /** After this many ms the iteration throws `TimeoutError` (once what finished before is yielded); `null` or `Infinity`: no limit. */
  timeout?: number | null;
}

const PENDING = 0;
const CANCELLED = 2;

/** The iterator `asCompleted` returns: one shared done callback queues futures as they finish. */
class AsCompletedIterator<T> implements AsyncIterableIterator<T, undefined, undefined> {
  private readonly loop: EventLoop;
  private pending: Set<Future<unknown>>;
  /** What asCompleted started itself (from functions and promises): nobody else holds these. */
  private owned: Set<Future<unknown>>;
  private ready: Future<unknown>[] = [];
  private head = 0;
  private waiter: Future<void> | null = null;
  private timer: TimerHandle | null = null;
  private timedOut = false;
  private closed = false;
  private readonly timeoutMs: number | null;
  private readonly onDone = (child: Future<unknown>): void => {
    if (this.closed || this.timedOut || !this.pending.delete(child)) return;
    this.ready.push(child);
    if (this.pending.size === 0) this.clearTimer();
    this.wake();
  };

  constructor(loop: EventLoop, children: Set<Future<unknown>>, owned: Set<Future<unknown>>, timeoutMs: number | null) {
    this.loop = loop;
    this.pending = children;
    this.owned = owned;
    this.timeoutMs = timeoutMs;
    for (const child of children) child._addCallback(this.onDone, undefined);
    if (timeoutMs !== null && children.size > 0) this.timer = loop.callLater(timeoutMs, expire, this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.head < this.ready.length) {
        const fut = this.ready[this.head]!;
        this.ready[this.head++] = undefined as never;
        if (this.head === this.ready.length) {
          this.ready = [];
          this.head = 0;
        }
        if (fut._state === CANCELLED || fut._exception !== undefined) {
          // A failure ends the iteration (for await cannot resume after a throw).
          const error = fut._state === CANCELLED ? fut._makeCancelledError() : fut._exception;
          fut._unretrieved = false;
          this.close();
          throw error;
        }
        return { value: fut._result as T, done: false };
      }
      if (this.closed || this.pending.size === 0) {
        this.close();
        return { value: undefined, done: true };
      }
      if (this.timedOut) {
        this.close();
        throw new TimeoutError(`asCompleted(): ${this.timeoutMs} ms passed with work still pending.`);
      }
      this.waiter ??= this.loop.createFuture<void>();
      try {
        await this.waiter;
      } catch (err) {
        // The consuming task was cancelled: the iteration ends here.
        this.close();
        throw err;
      }
    }
  }

  /** Ends the iteration early (`break`, or an error in the loop body). */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.close();
    return { value: undefined, done: true };
  }

  /** @internal */
  _expire(): void {
    this.timer = null;
    this.timedOut = true;
    this.detach();
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null && waiter._state === PENDING) waiter.setResult();
  }

  private clearTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private detach(): void {
    for (const child of this.pending) if (child._state === PENDING) child.removeDoneCallback(this.onDone);
  }

  /** Stops listening and cancels what only asCompleted holds, so it cannot outlive the iteration. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    this.detach();
    for (const child of this.pending) {
      if (child._state === PENDING && this.owned.has(child)) child.cancel("asCompleted(): the iteration ended first.");
    }
    this.pending = new Set();
    this.owned = new Set();
    this.ready = [];
    this.head = 0;
    this.wake();
  }
}

function expire(iterator: AsCompletedIterator<unknown>): void {
  iterator._expire();
}

/**
 * Iterates over the results of awaitables in the order they finish:
 * `for await (const result of asCompleted(aws))`. Functions are started as tasks, tasks and
 * futures are awaited, promises are wrapped. A failure (or a cancelled awaitable) is thrown by the
 * iteration that reaches it, in completion order, and ends the iteration; with `timeout`, the
 * iteration throws `TimeoutError` once the results that came in time have been yielded. Tasks it
 * started itself are cancelled when the iteration ends before they finish (`break`, a failure,
 * the timeout, the consumer being cancelled); tasks and futures passed in run on.
 *
 * asyncio 3.13 yields the finished tasks themselves; tsio yields results because `for await`
 * is typed (by TypeScript) and meant (by JavaScript's async generators) to give plain values.
 * To know which input finished, have each awaitable return it along with its result, or use
 * `wait(aws, { returnWhen: FIRST_COMPLETED })`.
 *
 * @example
 * ```ts
 * const jobs = mirrors.map((url) => async () => ({ url, body: await download(url) }));
 * for await (const { url, body } of asCompleted(jobs, { timeout: 5000 })) {
 *   console.log(`fastest mirror: ${url} (${body.length} bytes)`);
 *   break; // the slower downloads are cancelled
 * }
 * ```
 */
export function asCompleted<I extends Awaitable<unknown>>(
  awaitables: Iterable<I>,
  options: AsCompletedOptions = {},
): AsyncIterableIterator<AwaitableResult<I>, undefined, undefined> {
  const timeoutMs = readTimeout(checkOptions(options, ["timeout"], "asCompleted()").timeout, "asCompleted() option timeout");
  const loop = getRunningLoop();
  const items = toItems(awaitables, "asCompleted");
  const kinds = items.map((item, i) => checkAwaitable(item, loop, "asCompleted", i, true));
  const children = new Set<Future<unknown>>();
  const owned = new Set<Future<unknown>>();
  for (let i = 0; i < items.length; i++) {
    const kind = kinds[i]!;
    const child = toFuture(items[i], kind, loop);
    children.add(child);
    if (kind !== FUTURE) owned.add(child);
  }
  return new AsCompletedIterator<AwaitableResult<I>>(loop, children, owned, timeoutMs);
}
