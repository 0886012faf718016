import {
  type AwaitDescription,
  CancelledError,
  currentTurn,
  describeAwait,
  type EventLoop,
  endTurnSoon,
  Future,
  InvalidStateError,
  type Runnable,
  setAwaitHook,
  setCancellationProbe,
} from "@tsio/loop";
import { creationSite } from "./creation-site.js";
import { guardSignalListeners } from "./guard-signal-listeners.js";
import { effectiveCancel, type ScopeFrame, shieldLevel } from "./scope-frame.js";
import { brandTask } from "./shared-state.js";
import { captureContext, reportForeignAwait, runInTask, taskStorage } from "./task-context.js";
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
  /** @internal The context the task was created in, until its body starts there (`captureContext`). */
  _context: object | undefined;
  /** @internal The tsio awaitable this task is waiting on, if any (until the await resumes). */
  _waiter: Future<unknown> | null = null;
  /** @internal The latest turn (see `turn` below) in which the task's own flow ran: it started, or an await of it resumed or was registered. */
  _waiterTurn = -1;
  /** @internal What only a cancelled, signalled or debugged task needs, allocated on first use. */
  _extra: TaskExtra | null = null;
  /** @internal A task schedules its own start; it is never skipped as a cancelled handle. */
  declare _cancelled: boolean;

  /**
   * @internal A cancellation requested while no waiter could take it. Kept in the cold half (a
   * request creates it anyway): a task that is never cancelled carries one field less.
   */
  get _mustCancel(): boolean {
    return this._extra !== null && this._extra.mustCancel;
  }
  set _mustCancel(value: boolean) {
    if (value) this._ensureExtra().mustCancel = true;
    else if (this._extra !== null) this._extra.mustCancel = false;
  }

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
    this._context = captureContext();
    this._name = name === undefined ? ++taskCounter : String(name);
    if (loop.getDebug()) {
      const extra = this._ensureExtra();
      extra.createdAt = new Error("created here").stack;
      extra.createdTime = loop.time();
    }
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
   * Inside a shielded `CancelScope` the request is counted but held: it lands, and `signal`
   * aborts, at the first await after the scope exits. Returns `false` if the task is already done.
   */
  override cancel(msg?: string): boolean {
    return this._cancelFrom(msg, 0);
  }

  /**
   * @internal A cancellation request made at scope level `level`: 0 from outside the task's cancel
   * scopes (`cancel()`), or the depth of its scope stack where a `timeout()` or `TaskGroup` was
   * entered. A shielded scope deeper than that holds the request (counted, not delivered) until
   * it exits.
   */
  _cancelFrom(msg: string | undefined, level: number): boolean {
    if (this._state !== 0) return false;
    // The request came back round an await cycle to this task, which is already forwarding it.
    if (this._extra?.forwarding === true) return false;
    const extra = this._ensureExtra();
    extra.cancelRequests++;
    extra.requestMessage = msg;
    if (extra.scopes !== null && level < shieldLevel(extra.scopes)) {
      if (extra.held === null) extra.held = [level];
      else extra.held.push(level);
      return true;
    }
    this._deliverRequest(msg);
    return true;
  }

  /** @internal Delivers a request: aborts `signal`, cancels the waiter, or leaves it for the next await. */
  _deliverRequest(msg: string | undefined): void {
    const extra = this._ensureExtra();
    if (extra.controller?.signal.aborted === false) {
      extra.controller.abort(new CancelledError(msg ?? `Task ${this.getName()} was cancelled.`));
    }
    const waiter = this._waiter;
    if (waiter !== null) {
      // In an await cycle (A awaits B awaits A) the request comes back round to a task already
      // forwarding it, which refuses it (above): that ends the recursion, and the task that closes
      // the cycle takes the request at its own await, as its awaited task can never finish to wake it.
      extra.forwarding = true;
      let taken: boolean;
      try {
        taken = waiter.cancel(msg);
      } finally {
        extra.forwarding = false;
      }
      if (taken) {
        this._noteCancelledWaiter(waiter);
        return;
      }
      if (extra.cancelledWaiter === waiter && waiter.cancelled()) return;
      if (waiter instanceof Task && waiter._extra?.forwarding === true) {
        this._mustCancel = true;
        waiter._wakeAwaiter(this);
        return;
      }
    }
    this._mustCancel = true;
  }

  /** @internal How many cancel scopes the task is inside: the level of a request made here. */
  _scopeDepth(): number {
    return this._extra?.scopes?.length ?? 0;
  }

  /** @internal Whether a cancel scope's cancellation applies where the task now is. */
  _inCancelledScope(): boolean {
    const scopes = this._extra?.scopes;
    return scopes != null && effectiveCancel(scopes) !== null;
  }

  /** @internal Pushes a scope entered in this task. */
  _pushScope(frame: ScopeFrame): void {
    const extra = this._ensureExtra();
    if (extra.scopes === null) extra.scopes = [frame];
    else extra.scopes.push(frame);
  }

  /** @internal Pops the innermost scope, which must be `frame`; returns false if it is not. */
  _popScope(frame: ScopeFrame): boolean {
    const scopes = this._extra?.scopes;
    if (scopes == null || scopes[scopes.length - 1] !== frame) return false;
    scopes.pop();
    if (scopes.length === 0) this._extra!.scopes = null;
    this._scopesChanged();
    return true;
  }

  /**
   * @internal A scope was cancelled, exited or unshielded: requests no shield holds any more are
   * delivered, and a cancellation that now applies reaches the current await.
   */
  _scopesChanged(): void {
    const extra = this._extra;
    if (extra === null || this._state !== 0) return;
    const held = extra.held;
    if (held !== null) {
      const level = extra.scopes === null ? 0 : shieldLevel(extra.scopes);
      const still = held.filter((l) => l < level);
      if (still.length < held.length) {
        extra.held = still.length > 0 ? still : null;
        this._deliverRequest(extra.requestMessage);
      }
    }
    const scope = extra.scopes === null ? null : effectiveCancel(extra.scopes);
    const waiter = this._waiter;
    if (scope !== null && waiter !== null && waiter._scopeExempt !== true && waiter.cancel(scope._message)) {
      this._noteCancelledWaiter(waiter);
    }
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
    // An exchange completed at this wake-up (a channel took the sender's item) reaches its code; a
    // request that arrived meanwhile stays pending for the next await.
    if (this._state !== 0 || future._keepWake === true) return undefined;
    if (!this._mustCancel) {
      // Inside a cancelled scope every await raises, also one whose future was already done.
      const scopes = this._extra?.scopes;
      if (scopes == null || future._scopeExempt === true) return undefined;
      const scope = effectiveCancel(scopes);
      return scope === null ? undefined : new CancelledError(scope._message);
    }
    this._mustCancel = false;
    if (future._unretrieved && !(future instanceof Task)) {
      // Nobody else holds this future's failure (a task's is reported when run() ends): say so now.
      // A CancelledError (gather's, from a cancelled child) is no failure: it is absorbed quietly,
      // as asyncio's wake-up retrieves it before raising the task's own cancellation.
      future._unretrieved = false;
      if (!(future._exception instanceof CancelledError)) this._loop.callExceptionHandler({
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
        extra.held = null;
        if (extra.controller?.signal.aborted) extra.controller = null;
      } else if (extra.held !== null && extra.held.length > extra.cancelRequests) {
        extra.held.length = extra.cancelRequests;
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
      // Requests a shielded scope holds abort it only once they are delivered.
      if (extra.cancelRequests > (extra.held?.length ?? 0) || this.cancelled()) {
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
    return this._repr(true);
  }

  /** @internal `<Task pending name='x' fn=f>`, with the creation site (debug mode) when `site`. */
  _repr(site: boolean): string {
    const state = this._state === 0 ? "pending" : this._state === 2 ? "cancelled" : "finished";
    const fn = this._fn?.name;
    const at = site ? creationSite(this._extra?.createdAt) : undefined;
    return `<Task ${state} name='${this.getName()}'${fn ? ` fn=${fn}` : ""}${at ? ` created at ${at}` : ""}>`;
  }

  /** `util.inspect` (and `console.log`) show the task as `toString()` does, with its creation site in debug mode. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal The call graph's view of an await of this task. */
  override [describeAwait](): AwaitDescription {
    // The graph shows each task's creation site on its own line: not again in every await of it.
    return { kind: "task", label: this._repr(false) };
  }

  /** @internal The body returned (or its promise fulfilled). */
  _bodyDone(value: T): void {
    if (this._mustCancel || (this._extra !== null && this._extra.held !== null)) {
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
    this._context = undefined;
    this._waiter = null;
    if (this._extra !== null) this._extra.cancelledWaiter = null;
    loopTasks(this._loop).pending.delete(this as Task<unknown>);
  }
}

/** The cold half of a task: created by its first cancel(), `signal` read, or in debug mode. */
class TaskExtra {
  cancelRequests = 0;
  /** See `Task#_mustCancel`. */
  mustCancel = false;
  requestMessage: string | undefined = undefined;
  /** The waiter cancel() cancelled, until its CancelledError has reached the task. */
  cancelledWaiter: Future<unknown> | null = null;
  controller: AbortController | null = null;
  createdAt: string | undefined = undefined;
  /** Debug mode: the loop time the task was created at, for its age in the call graph. */
  createdTime: number | undefined = undefined;
  /** Inside cancel(), while the request is forwarded to the waiter (see the await-cycle rule there). */
  forwarding = false;
  /** The `CancelledError` the body ended with, which awaiting the task raises again. */
  cancelledError: CancelledError | null = null;
  /** The cancel scopes the task is inside, outermost first (`null`: none). */
  scopes: ScopeFrame[] | null = null;
  /** The levels of requests a shielded scope holds (see `_cancelFrom`). */
  held: number[] | null = null;
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
  const context = task._context;
  task._context = undefined;
  runInTask(task, context, startBody);
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
  if (task === undefined || task._state !== 0 || task._waiter !== null) return;
  if (!task._mustCancel) {
    const scopes = task._extra?.scopes;
    const scope = scopes == null ? null : effectiveCancel(scopes);
    if (scope !== null) throw new CancelledError(scope._message);
    return;
  }
  task._mustCancel = false;
  throw new CancelledError(task._requestMessage ?? "The task was cancelled.");
});

/**
 * Records that the task's own flow runs in this turn (see `currentTurn` in `@tsio/loop`): it starts
 * or an await of it resumes (from a loop callback, `fromLoop`), or it registers an await (from a
 * microtask). Code that suspends in the same turn belongs together: the task's own `await` and
 * async helpers it started without awaiting them. A callback (an http handler, an event listener)
 * always runs in a later turn.
 */
function markOwnTurn(task: Task<unknown>, fromLoop: boolean): void {
  task._waiterTurn = currentTurn();
  endTurnSoon(!fromLoop);
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
  const inherited = task._waiterTurn !== currentTurn();
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
  if (future._keepWake === true) {
    // The exchange this await waits for already happened (`await` calls `then` a microtask late):
    // it must reach the code; a pending request waits for the next await.
  } else if (task._mustCancel) {
    task._mustCancel = false;
    // As asyncio's Task.__step does: cancel what the task now awaits (so a child it just started,
    // `await waitFor(fn, ms)`, is cancelled too); throw here only if that future is already done.
    if (!future.cancel(task._requestMessage)) {
      throw new CancelledError(task._requestMessage ?? "The task was cancelled.");
    }
    task._noteCancelledWaiter(future);
  } else if (task._extra !== null && task._extra.scopes !== null && future._scopeExempt !== true) {
    // Level-triggered, as in Trio: inside a cancelled scope every await raises until it exits.
    const scope = effectiveCancel(task._extra.scopes);
    if (scope !== null) {
      if (!future.cancel(scope._message)) throw new CancelledError(scope._message);
      task._noteCancelledWaiter(future);
    }
  }
  task._waiter = future;
  markOwnTurn(task, false);
  return task;
});
