import { describeValue, EventLoop, EventLoopError, getRunningLoop, shareAcrossCopies } from "@tsio/loop";
import type { Executor } from "./executor.js";
import { ThreadPool } from "./thread-pool.js";

interface DefaultEntry {
  executor: Executor;
  /** Created here rather than handed in, so nobody else can close it when it is replaced. */
  owned: boolean;
}

/**
 * Shared with every installed copy of @tsio/thread (of this protocol): one default pool per loop,
 * whichever copy's `toThread` asks first.
 */
const defaults = shareAcrossCopies("@tsio/thread:default-executors", 1, import.meta.url, () => new WeakMap<EventLoop, DefaultEntry>());

function assertLoop(loop: unknown, what: string): asserts loop is EventLoop {
  if (!(loop instanceof EventLoop)) throw new TypeError(`${what}: loop must be an EventLoop, got ${describeValue(loop)}.`);
  // A closed loop runs no shutdown hook, so a pool made for it would never be closed.
  if (loop.isClosed()) throw new EventLoopError(`${what}: the loop is closed, so nothing would ever close its pool; use a running loop.`);
}

function register(loop: EventLoop, entry: DefaultEntry): void {
  if (!defaults.has(loop)) {
    // The hook first: if the loop refuses it, nothing is recorded.
    loop.addShutdownHook(async () => {
      const current = defaults.get(loop);
      defaults.delete(loop);
      await current?.executor.close?.();
    });
  }
  defaults.set(loop, entry);
}

/**
 * The executor `toThread` uses on `loop` (the running one by default). A `ThreadPool` with default
 * settings is created on first use and closed by `run()` when it ends (through a loop shutdown
 * hook), so no worker thread outlives `run()`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const pool = getDefaultExecutor();
 *   console.log(pool instanceof ThreadPool); // true, unless setDefaultExecutor() replaced it
 * });
 * ```
 */
export function getDefaultExecutor(loop: EventLoop = getRunningLoop()): Executor {
  assertLoop(loop, "getDefaultExecutor(loop)");
  const entry = defaults.get(loop);
  if (entry !== undefined) return entry.executor;
  const executor = new ThreadPool();
  register(loop, { executor, owned: true });
  return executor;
}

/**
 * Makes `executor` the default for `toThread` on `loop` (the running one by default), as asyncio's
 * `loop.set_default_executor`. Like asyncio, `run()` closes the default executor when it ends,
 * including one set here; a default pool created automatically before is closed now (its running
 * jobs finish first).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   setDefaultExecutor(new ThreadPool({ maxThreads: 8 }));
 *   await toThread(() => 1); // runs on the 8-thread pool, closed when run() ends
 * });
 * ```
 */
export function setDefaultExecutor(executor: Executor, loop: EventLoop = getRunningLoop()): void {
  if (typeof executor !== "object" || executor === null || typeof executor.run !== "function") {
    throw new TypeError("setDefaultExecutor(executor): executor must be a ThreadPool or another Executor (an object with run(job, options)).");
  }
  assertLoop(loop, "setDefaultExecutor(executor, loop)");
  const previous = defaults.get(loop);
  if (previous?.executor === executor) return;
  register(loop, { executor, owned: false });
  if (previous?.owned) void previous.executor.close?.();
}
