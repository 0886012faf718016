import { type Clock, checkOptions, describeValue, EventLoop, EventLoopError, type Future, tryGetRunningLoop } from "@tsio/loop";
import { KeyboardInterrupt } from "./errors.js";
import { reportAllNeverAwaited } from "./never-awaited.js";
import { Task, type TaskFunction } from "./task.js";
import { assertTaskFunction } from "./task-function.js";
import { loopTasks, reportUnretrieved } from "./task-registry.js";

/**
 * Options for `run()` and `new Runner()`.
 *
 * @example
 * ```ts
 * await run(main, { debug: true });
 * ```
 */
export interface RunOptions {
  /** Debug mode: slow callbacks and never-awaited awaitables are reported. */
  debug?: boolean;
  /** The loop's clock (a `VirtualClock` from `@tsio/testing`, for instance). */
  clock?: Clock;
  /** Debug-mode slow-callback threshold in ms (default 100). */
  slowCallbackMs?: number;
  /** Name of the main task (default `Task-N`). */
  name?: string;
  /** Turn Ctrl-C into cancelling the main task and a `KeyboardInterrupt` (default true). */
  handleSigint?: boolean;
}

/**
 * Runs several async functions, one after the other, on the same loop, then `close()`s it. `run()`
 * is a one-shot `Runner`.
 *
 * @example
 * ```ts
 * const runner = new Runner();
 * try {
 *   await runner.run(async () => console.log("first"));
 *   await runner.run(async () => console.log("second, same loop"));
 * } finally {
 *   await runner.close();
 * }
 * ```
 */
export class Runner {
  private loop: EventLoop | null = null;
  private closed = false;
  private readonly options: RunOptions;

  constructor(options: RunOptions = {}) {
    checkOptions(options, ["debug", "clock", "slowCallbackMs", "name", "handleSigint"], "Runner/run()");
    const clock = options.clock as Partial<Clock> | undefined;
    if (clock !== undefined && (typeof clock?.now !== "function" || typeof clock.wait !== "function")) {
      throw new TypeError(`Runner/run() option clock must have now() and wait(deadline, wake), got ${describeValue(clock)}.`);
    }
    this.options = options;
  }

  /** The runner's loop, created on first use. */
  getLoop(): EventLoop {
    if (this.closed) throw new EventLoopError("Runner is closed: create a new Runner.");
    if (this.loop === null) {
      const { clock, debug, slowCallbackMs } = this.options;
      this.loop = new EventLoop({
        ...(clock !== undefined && { clock }),
        ...(debug !== undefined && { debug }),
        ...(slowCallbackMs !== undefined && { slowCallbackMs }),
      });
    }
    return this.loop;
  }

  /**
   * Runs `main` as a task on the runner's loop until it settles; resolves with its result or
   * rejects with its error. Throws `EventLoopError` at once inside a running loop.
   */
  run<T>(main: TaskFunction<T>, options?: { name?: string }): Promise<T> {
    assertTaskFunction(main, "run", "run(main) (or run(() => main(args)))");
    const { name } = checkOptions(options, ["name"], "runner.run(main, options)");
    if (tryGetRunningLoop() !== null) {
      throw new EventLoopError(
        "run() cannot be called from a running event loop: await the async function (or createTask it) instead.",
      );
    }
    const loop = this.getLoop();
    const task = new Task(main, loop, name ?? this.options.name);
    return this.runTask(loop, task);
  }

  private async runTask<T>(loop: EventLoop, task: Task<T>): Promise<T> {
    let interrupted = false;
    const onSigint = (): void => {
      if (interrupted) {
        // A second Ctrl-C: stop waiting for clean-up and let Node's default handling end the process.
        process.removeListener("SIGINT", onSigint);
        process.kill(process.pid, "SIGINT");
        return;
      }
      interrupted = true;
      task.cancel("KeyboardInterrupt");
    };
    const listen = this.options.handleSigint !== false && process.listenerCount("SIGINT") === 0;
    if (listen) process.on("SIGINT", onSigint);
    try {
      return await loop.runUntilComplete(task);
    } catch (err) {
      if (interrupted && task.cancelled()) throw new KeyboardInterrupt();
      throw err;
    } finally {
      if (listen) process.removeListener("SIGINT", onSigint);
    }
  }

  /**
   * Cancels every task still pending and waits for them, reports exceptions nobody retrieved,
   * runs the loop's shutdown hooks (the default thread pool closes here) and closes the loop.
   * Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const loop = this.loop;
    if (loop === null || loop.isClosed()) return;
    try {
      await cancelLeftovers(loop);
      reportUnretrieved(loop);
      reportAllNeverAwaited(loop);
      const hooks = new Task(() => loop.trackExternal(loop.runShutdownHooks()), loop, "shutdown-hooks");
      await loop.runUntilComplete(hooks);
      reportUnretrieved(loop);
    } finally {
      loop.close();
    }
  }
}

/** Rounds of cancelling before run() gives up on tasks that keep starting tasks as they are cancelled. */
const MAX_SHUTDOWN_ROUNDS = 100;

/**
 * Cancels what is still pending and runs the loop until all of it has finished. Tasks started while
 * the leftovers wind down (from a `finally` block, or by a task whose cancellation a child absorbed)
 * are leftovers too, so it cancels again until none is left.
 */
async function cancelLeftovers(loop: EventLoop): Promise<void> {
  for (let round = 0; round < MAX_SHUTDOWN_ROUNDS; round++) {
    const pending = loopTasks(loop).pending.toArray();
    if (pending.length === 0) return;
    await cancelRound(loop, pending);
  }
  const left = loopTasks(loop).pending.size;
  if (left > 0) {
    loop.callExceptionHandler({
      message: `run() stopped cancelling after ${MAX_SHUTDOWN_ROUNDS} rounds: ${left} task(s) kept starting new tasks while being cancelled`,
    });
  }
}

async function cancelRound(loop: EventLoop, pending: Task<unknown>[]): Promise<void> {
  for (const task of pending) task.cancel("run() is shutting down");
  const allDone = loop.createFuture<void>();
  let left = pending.length;
  const onDone = (): void => {
    if (--left === 0 && !allDone.done()) allDone.setResult();
  };
  for (const task of pending) task.addDoneCallback(onDone as (f: Future<unknown>) => void);
  await loop.runUntilComplete(allDone);
  for (const task of pending) {
    if (!task.cancelled() && task._exception !== undefined) {
      task._unretrieved = false;
      loop.callExceptionHandler({
        message: `Unhandled exception during run() shutdown in ${task.toString()}`,
        exception: task._exception,
        task,
      });
    }
  }
}

/**
 * Creates a loop, runs `main` as its main task, then cancels whatever is left, reports exceptions
 * nobody retrieved, runs shutdown hooks and closes the loop. Resolves with `main`'s result or
 * rejects with its error; Ctrl-C cancels `main` (its `finally` blocks run) and rejects with
 * `KeyboardInterrupt`. Pass the function itself: `run(main)`, not `run(main())`.
 *
 * @example
 * ```ts
 * async function main() {
 *   await sleep(500);
 *   return "Hello, world";
 * }
 * console.log(await run(main)); // Hello, world
 * ```
 */
export function run<T>(main: TaskFunction<T>, options: RunOptions = {}): Promise<T> {
  const runner = new Runner(options);
  let result: Promise<T>;
  try {
    result = runner.run(main);
  } catch (err) {
    void runner.close();
    throw err;
  }
  return result.finally(() => runner.close());
}
