import { type Clock, checkOptions, describeValue, EventLoop, EventLoopError, type Future, tryGetRunningLoop } from "@tsio/loop";
import { exposeCallGraph } from "./call-graph-global.js";
import type { CreateTaskOptions } from "./create-task.js";
import { raceDeadlock } from "./deadlock-watch.js";
import { reportAllNeverAwaited } from "./never-awaited.js";
import { interruptFor, SignalWatch, signalsOption } from "./run-signals.js";
import { Task, type TaskFunction } from "./task.js";
import { taskStorage } from "./task-context.js";
import { assertTaskFunction } from "./task-function.js";
import { loopTasks, reportUnretrieved } from "./task-registry.js";

/**
 * Options for `run()` and `new Runner()`.
 *
 * @example
 * ```ts
 * await run(main, { debug: true, signals: ["SIGINT", "SIGTERM"] });
 * ```
 */
export interface RunOptions {
  /** Debug mode: slow callbacks, never-awaited awaitables and callbacks awaiting in a task's context are reported. */
  debug?: boolean;
  /** The loop's clock (a `VirtualClock` from `@tsio/testing`, for instance). */
  clock?: Clock;
  /** Debug-mode slow-callback threshold in ms (default 100). */
  slowCallbackMs?: number;
  /** Name of the main task (default `Task-N`). */
  name?: string;
  /**
   * Process signals that cancel the main task while `run()` is active (default `["SIGINT"]`; `[]`
   * for none). Each is handled only if nothing else listens for it when `run()` starts. `run()` then
   * rejects with `KeyboardInterrupt` (SIGINT) or `SignalInterrupt` (the others).
   */
  signals?: readonly NodeJS.Signals[];
  /** `false` handles no signal (the same as `signals: []`). */
  handleSigint?: boolean;
}

/** What `Runner#createTask` accepts. */
const TASK_OPTIONS: readonly (keyof CreateTaskOptions)[] = ["name"];

/** Options for `Runner#run`. */
interface RunMainOptions {
  name?: string;
}

/**
 * Owns one event loop for ordinary code: `run(main)` runs a main task to its end, and
 * `createTask(fn)` starts a task from anywhere (an http handler, a queue consumer's callback),
 * starting the loop in the background if it is not running. `close()` cancels what is left, waits
 * for every `finally`, runs the shutdown hooks (the default thread pool closes here) and closes the
 * loop. `run()` is a one-shot `Runner`.
 *
 * @example
 * ```ts
 * const runner = new Runner();
 * const server = http.createServer((req, res) => {
 *   runner.createTask(async (task) => {
 *     const upstream = await fetch(backendUrl, { signal: task.signal });
 *     res.end(await upstream.text());
 *   });
 * });
 * server.listen(8080);
 * process.once("SIGTERM", () => server.close(() => runner.close()));
 * ```
 */
export class Runner {
  private loop: EventLoop | null = null;
  private closing: Promise<void> | null = null;
  private closed = false;
  /** The loop running in the background for `createTask`, until `close()`. */
  private background: Promise<void> | null = null;
  /** Main tasks of `run()` calls in progress. */
  private readonly mains = new Set<Task<unknown>>();
  /** Settles when the `run()` that drives the loop (not a background one) has stopped it. */
  private driving: Promise<unknown> | null = null;
  private readonly options: RunOptions;
  private readonly signals: readonly NodeJS.Signals[];

  constructor(options: RunOptions = {}) {
    checkOptions(options, ["debug", "clock", "slowCallbackMs", "name", "signals", "handleSigint"], "Runner/run()");
    const clock = options.clock as Partial<Clock> | undefined;
    if (clock !== undefined && (typeof clock?.now !== "function" || typeof clock.wait !== "function")) {
      throw new TypeError(`Runner/run() option clock must have now() and wait(deadline, wake), got ${describeValue(clock)}.`);
    }
    this.signals = signalsOption(options.signals, options.handleSigint);
    this.options = options;
  }

  /** The runner's loop, created on first use. */
  getLoop(): EventLoop {
    if (this.closed || this.closing !== null) throw new EventLoopError("Runner is closed: create a new Runner.");
    if (this.loop === null) {
      exposeCallGraph();
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
   * Starts `fn` as a task on the runner's loop and returns it at once; `fn` is handed the task.
   * Callable from ordinary code (no loop running): the loop then starts in the background and runs
   * until `close()`. Await the task from anywhere for its result. Throws `EventLoopError` if the
   * runner is closed or another loop is running on this thread.
   *
   * @example
   * ```ts
   * const runner = new Runner();
   * const page = runner.createTask((task) => fetch(url, { signal: task.signal }).then((r) => r.text()));
   * console.log(await page);
   * await runner.close();
   * ```
   */
  createTask<T>(fn: TaskFunction<T>, options?: CreateTaskOptions): Task<T> {
    assertTaskFunction(fn, "runner.createTask", "runner.createTask((task) => handle(request, task))");
    // Once per request in a server: no options, no checking and no throwaway object.
    const name = options === undefined ? undefined : checkOptions(options, TASK_OPTIONS, "runner.createTask(fn, options)").name;
    const loop = this.getLoop();
    const running = tryGetRunningLoop();
    if (running !== null && running !== loop) {
      throw new EventLoopError(
        "runner.createTask(): another event loop is running on this thread (a run() in progress?): inside it, use createTask(fn); a thread runs one loop at a time.",
      );
    }
    const task = new Task<T>(fn, loop, name);
    if (running === null) this.background = loop.runForever();
    return task;
  }

  /**
   * Runs `main` as a task on the runner's loop until it settles (`main` is handed the task);
   * resolves with its result or rejects with its error. While it runs, the runner's signals cancel
   * `main` and it rejects with `KeyboardInterrupt` / `SignalInterrupt`. Throws `EventLoopError` at
   * once inside a running loop: from a task (await the function instead), or from ordinary code
   * while another `run()` is in progress (use `Runner#createTask`).
   */
  run<T>(main: TaskFunction<T>, options?: RunMainOptions): Promise<T> {
    assertTaskFunction(main, "run", "run(main) (or run(() => main(args)))");
    const { name } = checkOptions(options, ["name"], "runner.run(main, options)");
    const running = tryGetRunningLoop();
    const loop = this.getLoop();
    if (running !== null && (running !== loop || this.background === null)) throw runWhileRunning();
    if (running !== null && taskStorage.getStore() !== undefined) throw runWhileRunning();
    const task = new Task<T>(main, loop, name ?? this.options.name);
    return this.runMain(loop, task, this.watch(task as Task<unknown>), true);
  }

  /** @internal `run()`: the main task, then `close()`, with the signals watched throughout. */
  _runAndClose<T>(main: TaskFunction<T>): Promise<T> {
    assertTaskFunction(main, "run", "run(main) (or run(() => main(args)))");
    if (tryGetRunningLoop() !== null) throw runWhileRunning();
    const loop = this.getLoop();
    const task = new Task<T>(main, loop, this.options.name);
    const watch = this.watch(task as Task<unknown>);
    const result = this.runMain(loop, task, watch, false);
    const close = async (): Promise<void> => {
      watch.shutdown();
      try {
        await this.close();
      } finally {
        watch.remove();
      }
    };
    return result.then(
      async (value) => {
        await close();
        return value;
      },
      async (err: unknown) => {
        await close();
        throw err;
      },
    );
  }

  private watch(task: Task<unknown>): SignalWatch {
    return new SignalWatch(this.signals, (signal) => task.cancel(signal === "SIGINT" ? "KeyboardInterrupt" : signal));
  }

  /** Runs `task` to its end, turning a signal that cancelled it into an interrupt. */
  private async runMain<T>(loop: EventLoop, task: Task<T>, watch: SignalWatch, ownWatch: boolean): Promise<T> {
    watch.install();
    this.mains.add(task as Task<unknown>);
    const drive = this.background === null;
    const running: Promise<T> = drive ? loop.runUntilComplete(task) : Promise.resolve(task);
    const result = drive && loop.getDebug() ? raceDeadlock(loop, running) : running;
    if (drive) this.driving = running.then(undefined, () => undefined);
    try {
      return await result;
    } catch (err) {
      // As asyncio's Runner: the interrupt replaces the cancellation only if the signal's request
      // was the last one outstanding (main cancelled by someone else first stays CancelledError).
      if (watch.received !== null && task.cancelled() && task.uncancel() === 0) throw interruptFor(watch.received);
      throw err;
    } finally {
      this.mains.delete(task as Task<unknown>);
      if (drive) this.driving = null;
      if (ownWatch) watch.remove();
    }
  }

  /**
   * Cancels every task still pending and waits for each one's clean-up (their `finally` blocks may
   * await; a task already cancelled is not cancelled again), reports exceptions nobody retrieved,
   * runs the loop's shutdown hooks (the default thread pool closes here) and closes the loop.
   * Called while `run()` is in progress, it cancels that main task first and closes once it has
   * ended. Idempotent; throws `EventLoopError` from inside one of the runner's own tasks, which it
   * would otherwise wait for.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    const loop = this.loop;
    if (loop !== null && !loop.isClosed() && taskStorage.getStore()?._loop === loop) {
      return Promise.reject(
        new EventLoopError("runner.close() was called from one of its own tasks, which it would wait for: call it from ordinary code."),
      );
    }
    this.closing = this.shutDown(loop).finally(() => {
      this.closed = true;
    });
    return this.closing;
  }

  private async shutDown(loop: EventLoop | null): Promise<void> {
    if (loop === null || loop.isClosed()) return;
    try {
      for (const main of this.mains) main.cancel("The runner is closing.");
      if (this.driving !== null) await this.driving;
      if (this.background !== null) {
        loop.stop();
        await this.background;
        this.background = null;
      }
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

function runWhileRunning(): EventLoopError {
  if (taskStorage.getStore() !== undefined) {
    return new EventLoopError(
      "run() cannot be called from a running event loop: await the async function (or createTask it) instead.",
    );
  }
  return new EventLoopError(
    "run() cannot be called while another run() (or a Runner's background loop) is in progress: a thread runs one event loop at a time. " +
      "From ordinary code such as an http handler, keep one Runner and start each piece of work with runner.createTask(fn).",
  );
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
  // A task already asked to cancel is usually cleaning up (its finally may await): cancelling it
  // again would cut that short, so it is waited for (a second Ctrl-C stops the wait). Only if the
  // loop runs dry while such tasks are left (nothing ready, no timer, no outside work: a task that
  // absorbed its cancellation and now blocks) are they cancelled again, as asyncio would.
  const cleaning: Task<unknown>[] = [];
  for (const task of pending) {
    if (task.cancelling() === 0) task.cancel("run() is shutting down");
    else cleaning.push(task);
  }
  const allDone = loop.createFuture<void>();
  let left = pending.length;
  const onDone = (): void => {
    if (--left === 0 && !allDone.done()) allDone.setResult();
  };
  for (const task of pending) task.addDoneCallback(onDone as (f: Future<unknown>) => void);
  const stopWatching = cleaning.length > 0 ? cancelAgainWhenStuck(loop, cleaning) : null;
  try {
    await loop.runUntilComplete(allDone);
  } finally {
    stopWatching?.();
  }
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

/** Polls between host turns for a loop with nothing left to run; then cancels `tasks` again. */
function cancelAgainWhenStuck(loop: EventLoop, tasks: Task<unknown>[]): () => void {
  let idlePolls = 0;
  const poll = setInterval(() => {
    const { ready, timers } = loop.pendingWork();
    if (ready > 0 || timers > 0 || loop.externalWorkInFlight() > 0) {
      idlePolls = 0;
      return;
    }
    if (++idlePolls < 2) return;
    clearInterval(poll);
    for (const task of tasks) task.cancel("run() is shutting down");
  }, 10);
  return () => clearInterval(poll);
}

/**
 * Creates a loop, runs `main` as its main task (handing it the task), then cancels whatever is
 * left and waits for its clean-up, reports exceptions nobody retrieved, runs shutdown hooks and
 * closes the loop. Resolves with `main`'s result or rejects with its error. Ctrl-C (and each signal
 * in `options.signals`) cancels `main`: its `finally` blocks run and `run()` rejects with
 * `KeyboardInterrupt` (`SignalInterrupt` for other signals); left uncaught, that ends the process
 * with one line on stderr and status 130 (128 + the signal's number). A second signal stops waiting
 * for clean-up. Pass the function itself: `run(main)`, not `run(main())`.
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
  return new Runner(options)._runAndClose(main);
}
