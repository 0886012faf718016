import {
  type AwaitDescription,
  assertFunction,
  CancelledError,
  checkOptions,
  describeAwait,
  type EventLoop,
  EventLoopError,
  Future,
  getRunningLoop,
  InvalidStateError,
} from "@tsio/loop";
import type { CreateTaskOptions } from "./create-task.js";
import { Task, type TaskFunction } from "./task.js";
import { currentTask } from "./task-context.js";
import { assertTaskFunction } from "./task-function.js";
import { TaskGroupError } from "./task-group-error.js";

/**
 * A scope for tasks that belong together (structured concurrency, asyncio 3.11+ `TaskGroup`).
 * Tasks are started with `group.createTask(fn)`; leaving the scope waits for all of them. The
 * first failure cancels the other tasks and the body, and the group then throws a
 * `TaskGroupError` holding every failure. If the task running the group is cancelled, the group's
 * tasks are cancelled with it and the `CancelledError` goes on.
 *
 * Two ways to scope it. `await taskGroup(async (g) => ...)` has the full behaviour. With
 * `await using g = new TaskGroup()`, JavaScript does not tell the group how its block ended: an
 * error thrown by the block itself does not cancel the group's tasks (the group waits for them,
 * then the error goes on), and if a task failed while the block was awaiting, the block is already
 * throwing the `CancelledError` that interrupted it, so JavaScript reports the pair as a
 * `SuppressedError` whose `error` is the `TaskGroupError`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   await using g = new TaskGroup();
 *   g.createTask(() => fetchUser(1));
 *   g.createTask(() => fetchUser(2));
 * }); // both done here
 * ```
 */
export class TaskGroup implements AsyncDisposable {
  private readonly loop: EventLoop;
  private readonly parent: Task<unknown>;
  /** The parent's cancellation count on entry: requests above it arrived while the group ran. */
  private readonly baseCancelling: number;
  /** The parent's cancel-scope depth on entry: the level the group's own requests are made at. */
  private readonly level: number;
  private readonly tasks = new Set<Task<unknown>>();
  /** Tasks of `start()` that have not called `ready()` yet. */
  private readonly starting = new Set<Task<unknown>>();
  private errors: unknown[] = [];
  private exiting = false;
  private finished = false;
  private aborting = false;
  private parentCancelRequested = false;
  private onCompleted: Future<void> | null = null;
  private readonly onTaskDone = (task: Future<unknown>): void => this.taskDone(task as Task<unknown>);

  /** Opens the group on the current task; throws `EventLoopError` outside a task. */
  constructor() {
    const loop = getRunningLoop();
    const parent = currentTask();
    if (parent === null || parent._loop !== loop) {
      throw new EventLoopError(
        "A TaskGroup must be opened inside a task (a function run by run() or createTask()): the group cancels that task when one of its own fails.",
      );
    }
    this.loop = loop;
    this.parent = parent;
    this.baseCancelling = parent.cancelling();
    this.level = parent._scopeDepth();
  }

  /**
   * Starts `fn` as a task of this group. Throws `InvalidStateError` once the group has finished or
   * is shutting down after a failure or cancellation.
   */
  createTask<T>(fn: TaskFunction<T>, options?: CreateTaskOptions): Task<T> {
    assertTaskFunction(fn, "group.createTask", "group.createTask(() => work())");
    const { name } = checkOptions(options, ["name"], "group.createTask(fn, options)");
    if (this.finished || (this.exiting && this.tasks.size === 0)) {
      throw new InvalidStateError("This TaskGroup is finished: start tasks while its scope is still open.");
    }
    if (this.aborting) {
      throw new InvalidStateError("This TaskGroup is shutting down after a failure or a cancellation: it takes no new tasks.");
    }
    const task = new Task<T>(fn, this.loop, name);
    this.tasks.add(task as Task<unknown>);
    task._addCallback(this.onTaskDone, undefined);
    return task;
  }

  /**
   * Starts `fn(task, ready)` as a task of this group and resolves with the value it passes to
   * `ready(value)`, once it does, while the task runs on in the group (Trio's `nursery.start`): a
   * server reports that it listens, a worker that it connected. If the task fails, ends or is
   * cancelled before calling `ready`, the returned future rejects with that error (an
   * `InvalidStateError` if it just returned), and the failure goes to the caller only: the group
   * does not count it again. Calling `ready` twice throws `InvalidStateError`. Cancelling the
   * returned future (or the task awaiting it) before `ready` cancels the started task.
   *
   * @example
   * ```ts
   * await taskGroup(async (g) => {
   *   const port = await g.start<number>(async (task, ready) => {
   *     const server = await listen(0);
   *     ready(server.port); // start() resolves here; the server keeps serving in the group
   *     await serveForever(server, task.signal);
   *   });
   *   console.log(`listening on ${port}`);
   * });
   * ```
   */
  start<T = undefined>(fn: StartFunction<T>, options?: CreateTaskOptions): Future<T> {
    assertTaskFunction(fn as unknown, "group.start", "group.start((task, ready) => work(ready))");
    const started = this.loop.createFuture<T>();
    let readyCalled = false;
    let task: Task<unknown> | null = null;
    const ready = (value?: T): void => {
      if (readyCalled) throw new InvalidStateError("group.start(fn): ready() was already called; call it once, when the task is ready.");
      readyCalled = true;
      // From here on the task is an ordinary task of the group: its failures are the group's.
      if (task !== null) this.starting.delete(task);
      if (!started.done()) started.setResult(value as T);
    };
    task = this.createTask((t) => fn(t, ready as ReadyFunction<T>), options);
    const child = task;
    this.starting.add(child);
    child._addCallback(() => {
      this.starting.delete(child);
      if (readyCalled || started.done()) return;
      if (child.cancelled()) started.cancel(child._cancelMessage);
      else if (child._exception !== undefined) {
        // The caller of start() gets the failure (and must retrieve it); the task's own is handled.
        child._unretrieved = false;
        started.setException(child._exception);
      } else started.setException(new InvalidStateError(`group.start(fn): ${child.toString()} ended without calling ready().`));
    }, undefined);
    started._addCallback(() => {
      // The caller stopped waiting before the task was ready: it must not run on unwatched.
      if (started.cancelled() && !readyCalled) child.cancel(started._cancelMessage);
    }, undefined);
    return started;
  }

  /**
   * Cancels every task of the group and the body's current await; the group then exits without
   * an error (asyncio 3.15's `TaskGroup.cancel()`), once every task has finished its clean-up. A
   * cancellation of the parent task from outside still propagates. Does nothing once the group
   * has finished.
   *
   * @example
   * ```ts
   * await taskGroup(async (g) => {
   *   g.createTask(() => serveForever());
   *   await shutdownRequested.wait();
   *   g.cancel("shutting down");
   * }); // resolves: the group's own cancellation is absorbed
   * ```
   */
  cancel(reason?: string): void {
    if (reason !== undefined && typeof reason !== "string") {
      throw new TypeError(`group.cancel(reason): reason must be a string when given, got ${typeof reason}.`);
    }
    if (this.finished || (this.exiting && this.tasks.size === 0)) return;
    if (!this.aborting) this.abort(reason);
    if (!this.parentCancelRequested) {
      this.parentCancelRequested = true;
      this.parent._cancelFrom(reason ?? "Cancelled by TaskGroup.cancel().", this.level);
    }
  }

  /** Leaves the scope for `await using`: waits for every task, then throws what failed. */
  async [Symbol.asyncDispose](): Promise<void> {
    // JavaScript gives no view of how the block ended. A cancellation of the parent delivered
    // during the group's life means the block is unwinding with that CancelledError.
    // So does a cancelled CancelScope around the group: its cancellation raises at every await.
    const cancelled = (this.parent.cancelling() > this.baseCancelling && !this.parent._mustCancel) || this.parent._inCancelledScope();
    try {
      await this._exit(cancelled, cancelled ? new CancelledError("The task running the TaskGroup was cancelled.") : undefined);
    } catch (err) {
      // The block is already throwing that CancelledError; a second one would wrap it in a
      // SuppressedError and the task would end failed instead of cancelled.
      if (cancelled && err instanceof CancelledError) return;
      throw err;
    }
  }

  /**
   * @internal Leaves the scope (asyncio 3.11+ `__aexit__`): `failed`/`error` say how the body
   * ended. Waits for every task; throws `TaskGroupError` if anything failed, else the
   * cancellation if the parent is being cancelled from outside.
   */
  async _exit(failed: boolean, error: unknown): Promise<boolean> {
    this.exiting = true;
    let propagate: unknown = failed && error instanceof CancelledError ? error : null;
    if (failed && !this.aborting) this.abort();
    while (this.tasks.size > 0) {
      if (this.onCompleted === null) {
        this.onCompleted = new GroupExit(this.loop, this.tasks);
        // Once the tasks are being cancelled, a cancelled CancelScope around the group must let it
        // wait for their clean-up instead of raising at this await again and again.
        if (this.aborting) this.onCompleted._scopeExempt = true;
      }
      try {
        await this.onCompleted;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        if (!this.aborting) {
          // The parent is being cancelled while we wait: take the children down with it.
          propagate = err;
          this.abort();
        }
      }
      this.onCompleted = null;
    }
    this.finished = true;
    // The group's own request must not outlive it; a request from outside stays.
    if (this.parentCancelRequested && this.parent.uncancel() === 0) propagate = null;
    if (propagate !== null && this.errors.length === 0) throw propagate;
    // The body's CancelledError was the group's own (cancel()): the group absorbs it.
    if (failed && error instanceof CancelledError && this.errors.length === 0) return true;
    if (failed && !(error instanceof CancelledError)) this.errors.push(error);
    if (this.errors.length > 0) {
      const errors = this.errors;
      this.errors = [];
      // The failures take priority over a cancellation from outside that landed meanwhile, but
      // that request must not be lost with them: re-arm it (the count stays), so the parent's
      // next await raises it, as asyncio's TaskGroup does.
      if (this.parent.cancelling() > 0) {
        const message = this.parent._requestMessage;
        this.parent.uncancel();
        this.parent.cancel(message);
      }
      throw new TaskGroupError(errors);
    }
    return false;
  }

  private abort(reason?: string): void {
    this.aborting = true;
    for (const task of this.tasks) if (!task.done()) task.cancel(reason ?? "Cancelled by its TaskGroup.");
  }

  private taskDone(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (this.onCompleted !== null && this.tasks.size === 0 && !this.onCompleted.done()) this.onCompleted.setResult();
    if (task.cancelled()) return;
    const error = task._exception;
    if (error === undefined) return;
    // A task that failed before calling ready() reports to the caller of start() instead.
    if (this.starting.has(task)) return;
    task._unretrieved = false;
    this.errors.push(error);
    if (this.parent.done()) {
      this.loop.callExceptionHandler({
        message: `A task of a TaskGroup failed after the group's parent task had finished: ${task.toString()}`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Cancel the parent too, so the body stops at its current await; the group withdraws this
      // request on exit (uncancel) so that the parent can go on after handling TaskGroupError.
      this.abort();
      this.parentCancelRequested = true;
      this.parent._cancelFrom("A task in its TaskGroup failed.", this.level);
    }
  }

  toString(): string {
    const state = this.finished ? "finished" : this.aborting ? "aborting" : this.exiting ? "exiting" : "open";
    return `<TaskGroup ${state} tasks=${this.tasks.size}>`;
  }
}

/**
 * What `TaskGroup#start` hands its function: call it once, with the value `start()` resolves with.
 *
 * @example
 * ```ts
 * const fn: StartFunction<number> = async (_task, ready) => {
 *   ready(8080);
 *   await serveForever();
 * };
 * ```
 */
export type ReadyFunction<T> = undefined extends T ? (value?: T) => void : (value: T) => void;

/**
 * The function `TaskGroup#start` runs as a group task: it gets its task and `ready`.
 *
 * @example
 * ```ts
 * const worker: StartFunction<string> = async (task, ready) => {
 *   const conn = await connect({ signal: task.signal });
 *   ready(conn.id);
 *   await conn.closed;
 * };
 * ```
 */
export type StartFunction<T> = (task: Task<unknown>, ready: ReadyFunction<T>) => unknown;

/**
 * Runs `body(group)` with a new `TaskGroup` on the current task, waits for every task the body
 * started, and resolves with the body's result. If anything failed (a task, or the body), the
 * other tasks and the body are cancelled and it rejects with a `TaskGroupError` holding every
 * failure; cancelling the calling task cancels the group's tasks too.
 *
 * @example
 * ```ts
 * let alice!: Task<string>;
 * let bob!: Task<string>;
 * await taskGroup(async (g) => {
 *   alice = g.createTask(() => fetchUser(1));
 *   bob = g.createTask(() => fetchUser(2));
 * });
 * console.log(alice.result(), bob.result()); // both are done here
 * ```
 */
export function taskGroup<T>(body: (group: TaskGroup) => T | PromiseLike<T>): Promise<T | undefined> {
  assertFunction(body, "taskGroup(body): body");
  return runGroup(new TaskGroup(), body);
}

async function runGroup<T>(group: TaskGroup, body: (group: TaskGroup) => T | PromiseLike<T>): Promise<T | undefined> {
  let value: T;
  try {
    value = await body(group);
  } catch (err) {
    if (await group._exit(true, err)) return undefined;
    throw err;
  }
  await group._exit(false, undefined);
  return value;
}

/** What a group's exit awaits: the end of its tasks, which the call graph shows as its children. */
class GroupExit extends Future<void> {
  readonly _tasks: ReadonlySet<Task<unknown>>;
  constructor(loop: EventLoop, tasks: ReadonlySet<Task<unknown>>) {
    super(loop);
    this._tasks = tasks;
  }
  override [describeAwait](): AwaitDescription {
    return { kind: "taskgroup", label: `<TaskGroup of ${this._tasks.size} task(s)>`, awaits: [...this._tasks] };
  }
}
