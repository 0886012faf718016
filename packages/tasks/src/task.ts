import {
  CancelledError,
  type EventLoop,
  Future,
  InvalidStateError,
  type Runnable,
  setAwaitHook,
  setCancellationProbe,
} from "@tsio/loop";
import { guardSignalListeners } from "./guard-signal-listeners.js";
import { brandTask } from "./shared-state.js";
import { reportForeignAwait, runInTask, taskStorage } from "./task-context.js";
import { taskObserver } from "./task-observer.js";
import { loopTasks, trackFailed } from "./task-registry.js";

/**
 * The body of a task: a function started by the loop, usually an `async` function. It is handed
 * its own task, so it can pass `task.signal` to foreign I/O without looking the task up.
 *
 * @example
 * ```ts
 * const body: TaskFunction<string> = async (task) => {
 *   const res = await fetch(url, { signal: task.signal });
 *   return res.text();
 * };
 * const page = createTask(body);
 * ```
 */
export type TaskFunction<T> = (task: Task<unknown>) => T | PromiseLike<T>;

let taskCounter = 0;

const futureCancel = Future.prototype.cancel;
const futureSetResult = Future.prototype.setResult;
const futureSetException = Future.prototype.setException;

/**
 * A running async function, driven by the loop. A `Task` is a `Future`: await it for the result,
 * cancel it with `cancel()`. Create one with `createTask(fn)`; the loop starts `fn` on a later
 * iteration in the task's own context.
 *
 * @example
 * ```ts
 * const task = createTask(async () => {
 *   await sleep(1000);
 *   return "done";
 * }, { name: "worker" });
 * task.cancel();
 * try { await task; } catch (err) { console.log(err instanceof CancelledError); } // true
 * ```
 */
export class Task<T = unknown> extends Future<T> implements Runnable {
  static {
    brandTask(Task);
  }
  /**
   * @internal The name, or until someone asks for it the task's number (`Task-N` is built lazily:
   * most tasks are never asked their name).
   */
  _name: string | number;
  /** @internal Links in the loop's pending list. */
  _prevPending: Task<unknown> | null = null;
  /** @internal */ _nextPending: Task<unknown> | null = null;
  /** @internal */ _fn: TaskFunction<T> | null;
  /** @internal The tsio awaitable this task is waiting on, if any (until the await resumes). */
  _waiter: Future<unknown> | null = null;
  /** @internal The latest turn (see `turn` below) in which the task's own flow ran: it started, or an await of it resumed or was registered. */
  _waiterTurn = -1;
  /** @internal A cancellation requested while no waiter could take it. */
  _mustCancel = false;
  /** @internal What only a cancelled, signalled or debugged task needs, allocated on first use. */
  _extra: TaskExtra | null = null;
  /** @internal A task schedules its own start; it is never skipped as a cancelled handle. */
  declare _cancelled: boolean;

  /** @internal The message of the latest cancellation request. */
  get _requestMessage(): string | undefined {
    return this._extra?.requestMessage;
  }
  /** @internal */
  _ensureExtra(): TaskExtra {
    if (this._extra === null) this._extra = new TaskExtra();
    return this._extra;
  }

  /** @internal Use `createTask(fn, { name })`; this is what it and `Runner` build on. */
  constructor(fn: TaskFunction<T>, loop: EventLoop, name?: string) {
    if (typeof fn !== "function") throw new TypeError(`new Task(fn, loop): fn must be a function; use createTask(() => work()).`);
    super(loop);
    this._fn = fn;
    this._name = name === undefined ? ++taskCounter : String(name);
    if (loop.getDebug()) this._ensureExtra().createdAt = new Error("created here").stack;
    loopTasks(loop).pending.add(this as Task<unknown>);
    loop._schedule(this);
    if (taskObserver !== null) taskObserver.created?.(this as Task<unknown>);
  }

  /** The task's name (`Task-N` unless one was given). */
  getName(): string {
    if (typeof this._name === "number") this._name = `Task-${this._name}`;
    return this._name;
  }

  /** @internal The loop runs this once, to start the body. */
  _run(): void {
    startTask(this as Task<unknown>);
  }

  /** Renames the task (names show in reports and traces). */
  setName(name: string): void {
    this._name = String(name);
  }

  /**
   * Asks the task to stop: its current `await` of a tsio awaitable throws `CancelledError` (or the
   * next one, if it is running or awaiting a foreign promise), and its `signal` aborts at once.
   * Returns `false` if the task is already done.
   */
  override cancel(msg?: string): boolean {
    if (this._state !== 0) return false;
    const extra = this._ensureExtra();
    extra.cancelRequests++;
    extra.requestMessage = msg;
    if (extra.controller?.signal.aborted === false) {
      extra.controller.abort(new CancelledError(msg ?? `Task ${this.getName()} was cancelled.`));
    }
    const waiter = this._waiter;
    if (waiter !== null) {
      if (waiter.cancel(msg)) {
        this._noteCancelledWaiter(waiter);
        return true;
      }
      if (this._extra?.cancelledWaiter === waiter && waiter.cancelled()) return true;
    }
    this._mustCancel = true;
    return true;
  }

  /**
   * @internal Like asyncio, a cancelled waiter stays the waiter: an inner task still cleaning up
   * gets a second request forwarded, and a second cancel() before this one reaches the `await` is
   * merged into it (one CancelledError, not another at the clean-up's first await).
   */
  _noteCancelledWaiter(waiter: Future<unknown>): void {
    const extra = this._ensureExtra();
    extra.cancelledWaiter = waiter;
    waiter._addCallback(() => {
      if (extra.cancelledWaiter === waiter) extra.cancelledWaiter = null;
    }, this);
  }

  /**
   * @internal Called by the kernel as an `await` of this task resumes: a request that found the
   * awaited future already done (its wake-up queued) is raised at that await, as asyncio does.
   */
  _interruptAwait(future: Future<unknown>): CancelledError | undefined {
    // One of the task's own flows resumes: from here on, code in its context is the task's again.
    // (If another branch's await took the slot in the same turn, that one is left untracked.)
    const own = this._waiter === future;
    this._waiter = null;
    if (!own) return undefined;
    markOwnTurn(this as Task<unknown>, true);
    if (!this._mustCancel || this._state !== 0) return undefined;
    this._mustCancel = false;
    if (future._unretrieved && !(future instanceof Task)) {
      // Nobody else holds this future's failure (a task's is reported when run() ends): say so now.
      future._unretrieved = false;
      this._loop.callExceptionHandler({
        message: `Future exception was never retrieved: ${this.toString()} was cancelled while it was waking up to it`,
        exception: future._exception,
        future,
        task: this,
      });
    }
    return new CancelledError(this._requestMessage ?? "The task was cancelled.");
  }

  /** How many cancellation requests are outstanding (asyncio 3.11+ `cancelling()`). */
  cancelling(): number {
    return this._extra?.cancelRequests ?? 0;
  }

  /**
   * Withdraws one cancellation request and returns how many remain. Once none remain, a pending
   * undelivered request is dropped and `signal` is renewed for new operations.
   */
  uncancel(): number {
    const extra = this._extra;
    if (extra === null) return 0;
    if (extra.cancelRequests > 0) {
      extra.cancelRequests--;
      if (extra.cancelRequests === 0) {
        this._mustCancel = false;
        if (extra.controller?.signal.aborted) extra.controller = null;
      }
    }
    return extra.cancelRequests;
  }

  /**
   * An `AbortSignal` that aborts when the task is cancelled: pass it to `fetch`, `fs/promises`,
   * `timers/promises` or child processes so foreign I/O stops too. Read it when you start the
   * operation: after `uncancel()` brings the count back to 0, a fresh signal replaces an aborted one.
   */
  get signal(): AbortSignal {
    const extra = this._ensureExtra();
    if (extra.controller === null) {
      const controller = new AbortController();
      extra.controller = controller;
      guardSignalListeners(controller.signal, this._loop, () => this.toString());
      if (extra.cancelRequests > 0 || this.cancelled()) {
        controller.abort(new CancelledError(extra.requestMessage ?? `Task ${this.getName()} was cancelled.`));
      }
    }
    return extra.controller.signal;
  }

  /** Tasks complete from their own body; calling this throws `InvalidStateError`. */
  override setResult(_value: T): never {
    throw new InvalidStateError("Task does not support setResult(): a task's result is what its function returns.");
  }

  /** Tasks complete from their own body; calling this throws `InvalidStateError`. */
  override setException(_error: unknown): never {
    throw new InvalidStateError("Task does not support setException(): throw from the task's function instead.");
  }

  override toString(): string {
    const state = this._state === 0 ? "pending" : this._state === 2 ? "cancelled" : "finished";
    const fn = this._fn?.name;
    return `<Task ${state} name='${this.getName()}'${fn ? ` fn=${fn}` : ""}>`;
  }

  /** @internal The body returned (or its promise fulfilled). */
  _bodyDone(value: T): void {
    if (this._mustCancel) {
      this._finishCancelled(this._requestMessage);
      return;
    }
    this._release();
    futureSetResult.call(this, value);
    if (taskObserver !== null) taskObserver.done?.(this as Task<unknown>);
  }

  /** @internal The body threw (or its promise rejected). */
  _bodyFailed(error: unknown): void {
    if (error instanceof CancelledError) {
      // Awaiting the task re-raises this very instance, as asyncio does: code that caught it inside
      // (a lock's wait, a clean-up) and re-threw it can recognise it outside.
      this._ensureExtra().cancelledError = error;
      this._finishCancelled(error.message);
      return;
    }
    if (error === undefined) error = new Error(`Task ${this.getName()} failed with undefined.`);
    this._release();
    futureSetException.call(this, error);
    trackFailed(this as Task<unknown>);
    if (taskObserver !== null) taskObserver.done?.(this as Task<unknown>);
  }

  /** @internal The future the body returned is done: the task ends the same way. */
  _adopt(done: Future<unknown>): void {
    if (this._state !== 0) return;
    if (done._state === 2) {
      this._finishCancelled(done._cancelMessage);
      return;
    }
    done._unretrieved = false;
    if (done._exception !== undefined) this._bodyFailed(done._exception);
    else this._bodyDone(done._result as T);
  }

  /** @internal */
  override _makeCancelledError(): CancelledError {
    return this._extra?.cancelledError ?? super._makeCancelledError();
  }

  /** @internal */
  _finishCancelled(msg: string | undefined): void {
    this._release();
    futureCancel.call(this, msg);
    if (taskObserver !== null) taskObserver.done?.(this as Task<unknown>);
  }

  /** Drops what a finished task no longer needs, and the loop's strong reference to it. */
  private _release(): void {
    this._fn = null;
    this._waiter = null;
    if (this._extra !== null) this._extra.cancelledWaiter = null;
    loopTasks(this._loop).pending.delete(this as Task<unknown>);
  }
}

/** The cold half of a task: created by its first cancel(), `signal` read, or in debug mode. */
class TaskExtra {
  cancelRequests = 0;
  requestMessage: string | undefined = undefined;
  /** The waiter cancel() cancelled, until its CancelledError has reached the task. */
  cancelledWaiter: Future<unknown> | null = null;
  controller: AbortController | null = null;
  createdAt: string | undefined = undefined;
  /** The `CancelledError` the body ended with, which awaiting the task raises again. */
  cancelledError: CancelledError | null = null;
}

// A task is never skipped as a cancelled handle; on the prototype, so no task carries the field.
Task.prototype._cancelled = false;

/** The loop item that starts a task: its body runs inside the task's context. */
function startTask(task: Task<unknown>): void {
  if (task._state !== 0) return;
  if (task._mustCancel) {
    // Cancelled before it ever ran: like asyncio, the body never starts.
    task._finishCancelled(task._requestMessage);
    return;
  }
  if (taskObserver !== null) taskObserver.started?.(task);
  markOwnTurn(task, true);
  runInTask(task, startBody);
}

const promiseThen = Promise.prototype.then;

/**
 * Calls the body and watches what it returns. No async wrapper: each extra async frame would cost
 * a generator, two promises and two closures per task, and tasks come by the hundred thousand.
 */
function startBody(task: Task<unknown>): void {
  let result: unknown;
  try {
    result = task._fn!(task);
  } catch (err) {
    task._bodyFailed(err);
    return;
  }
  // A native promise first: what an async function returns, so nearly every task's.
  if (result instanceof Promise && Object.getPrototypeOf(result) === Promise.prototype && (result as Promise<unknown>).then === promiseThen) {
    // Its reactions run in the async context of this call, which is the task's: shared handlers
    // find the task there, so no closure is allocated per task.
    promiseThen.call(result, bodyFulfilled, bodyRejected);
    return;
  }
  if (result instanceof Future) {
    if (result === task) {
      task._bodyFailed(new TypeError(`Task ${task.getName()}'s function returned the task itself; it would wait on itself forever.`));
      return;
    }
    // The body handed back a tsio future (`createTask(() => sleep(100))`): wait on it as an await would.
    task._waiter = result as Future<unknown>;
    result._addCallback((done: Future<unknown>) => task._adopt(done), task);
    return;
  }
  if (result !== null && (typeof result === "object" || typeof result === "function")) {
    let then: unknown;
    try {
      then = (result as { then?: unknown }).then;
      if (typeof then === "function") {
        (then as PromiseLike<unknown>["then"]).call(
          result,
          (value: unknown) => task._bodyDone(value),
          (error: unknown) => task._bodyFailed(error),
        );
        return;
      }
    } catch (err) {
      task._bodyFailed(err);
      return;
    }
  }
  task._bodyDone(result);
}

function bodyFulfilled(value: unknown): void {
  taskStorage.getStore()!._bodyDone(value);
}

function bodyRejected(error: unknown): void {
  taskStorage.getStore()!._bodyFailed(error);
}

/** `cancellationPoint()`: a request that arrived since the current task's last wake-up is raised here. */
setCancellationProbe(() => {
  const task = taskStorage.getStore();
  if (task === undefined || task._state !== 0 || task._waiter !== null || !task._mustCancel) return;
  task._mustCancel = false;
  throw new CancelledError(task._requestMessage ?? "The task was cancelled.");
});

/**
 * A turn is one run of JavaScript from the host (a macrotask, or one loop iteration) and the
 * microtasks it causes; it ends at the next `process.nextTick` queued during it. Code that suspends
 * in the same turn belongs together: the task's own `await` and async helpers it started without
 * awaiting them. A callback (an http handler, an event listener) always runs in a later turn.
 */
let turn = 0;
let turnEndQueued = false;
/**
 * A reaction on a settled promise queues a microtask at the same point `queueMicrotask` would, at
 * a fraction of the cost (Node wraps each `queueMicrotask` callback in a new AsyncResource); this
 * runs on every loop iteration that resumes a task.
 */
const SETTLED = Promise.resolve();
function endTurn(): void {
  turn++;
  turnEndQueued = false;
}

/**
 * Records that the task's own flow runs in this turn: it starts or an await of it resumes (from a
 * loop callback, `fromLoop`), or it registers an await (from a microtask). The turn's end is a
 * tick queued from a microtask, as a tick queued by a loop callback would run before the
 * microtasks that carry the task's code on.
 */
function markOwnTurn(task: Task<unknown>, fromLoop: boolean): void {
  task._waiterTurn = turn;
  if (turnEndQueued) return;
  turnEndQueued = true;
  if (fromLoop) void SETTLED.then(queueTurnEnd);
  else process.nextTick(endTurn);
}

function queueTurnEnd(): void {
  process.nextTick(endTurn);
}

/**
 * Registers the awaiting task's waiter whenever a tsio future is awaited, and delivers a pending
 * cancellation request at that `await`. A task is one flow. While it is suspended on an await made
 * in an earlier turn, an await in its context comes from code that only inherited the context (a
 * callback registered inside the task): it is left untracked, so cancelling the task still
 * interrupts the task's own await. Within one turn the last await wins: helpers the task started
 * without awaiting them suspend before the task's own `await` does.
 */
setAwaitHook((awaited, isAwait = true) => {
  const task = taskStorage.getStore();
  if (task === undefined || task._state !== 0) return undefined;
  // `future.then(callback)`: the task's code goes on at once, it is not waiting on the future.
  if (!isAwait) return awaited === task ? undefined : task;
  // An await in the task's context, in a turn where neither the task started, nor one of its awaits
  // resumed or registered, comes from a callback that inherited the context.
  const inherited = task._waiterTurn !== turn;
  if (awaited === task) {
    // The task's own flow waiting for its own end would wait forever (asyncio raises here too); a
    // callback that inherited the context may wait for the task like anyone else.
    if (inherited) return undefined;
    throw new InvalidStateError(
      `${task.toString()} cannot await itself: it would wait for its own end forever. Await another task, or return the value instead.`,
    );
  }
  if (task._waiter !== null && inherited) {
    if (task._loop.getDebug()) reportForeignAwait(task, awaited);
    return undefined;
  }
  const future = awaited as Future<unknown>;
  if (task._mustCancel) {
    task._mustCancel = false;
    // As asyncio's Task.__step does: cancel what the task now awaits (so a child it just started,
    // `await waitFor(fn, ms)`, is cancelled too); throw here only if that future is already done.
    if (!future.cancel(task._requestMessage)) {
      throw new CancelledError(task._requestMessage ?? "The task was cancelled.");
    }
    task._noteCancelledWaiter(future);
  }
  task._waiter = future;
  markOwnTurn(task, false);
  return task;
});
