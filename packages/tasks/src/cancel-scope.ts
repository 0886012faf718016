import {
  assertBoolean,
  assertFunction,
  CancelledError,
  checkOptions,
  describeValue,
  type EventLoop,
  EventLoopError,
  getRunningLoop,
  type Handle,
  InvalidStateError,
  readDeadline,
  readTimeout,
} from "@tsio/loop";
import type { ScopeFrame } from "./scope-frame.js";
import type { Task } from "./task.js";
import { currentTask } from "./task-context.js";

/**
 * How a `CancelScope` starts: `deadline` in loop time (ms, as `loop.time()`; `Infinity`, the
 * default, for none) and `shield`.
 *
 * @example
 * ```ts
 * const options: CancelScopeOptions = { deadline: getRunningLoop().time() + 500, shield: false };
 * ```
 */
export interface CancelScopeOptions {
  /** When the scope cancels itself, in loop time (ms); `Infinity` (the default) for never. */
  deadline?: number;
  /** Whether cancellation from outside the scope waits until it exits (default `false`). */
  shield?: boolean;
}

const OPEN = 0;
const RUNNING = 1;
const EXITED = 2;

/**
 * A region of a task that can be cancelled as a whole (Trio's cancel scope). It is entered on the
 * current task when it is made, and left by `run(fn)` when `fn` ends or by `await using` at the
 * end of the block. Scopes form a stack on their task.
 *
 * Cancellation is level-triggered, as in Trio: once `cancel()` is called (or the `deadline`
 * passes), every tsio `await` inside the scope raises `CancelledError`, not only the first one,
 * until the scope exits. On exit through `run(fn)` the scope absorbs its own cancellation (and
 * only its own: a `task.cancel()`, a `timeout()` or an enclosing scope that cancelled meanwhile
 * passes through) and `cancelledCaught` says so. `await using` cannot absorb anything (a
 * JavaScript disposer cannot swallow the block's error), so there the scope's `CancelledError`
 * goes on past it: use `await using` for shielded scopes, `run(fn)` or `moveOnAfter` to move on.
 *
 * A shielded scope is not interrupted by cancellation from outside it (`task.cancel()`, an
 * enclosing scope, a `timeout()` or `TaskGroup` entered before it): such a request is held, and
 * delivered at the first await after the scope exits; `task.signal` aborts only then. The
 * scope's own deadline and `cancel()` still apply inside it, and so do timeouts and task groups
 * entered inside it.
 *
 * @example
 * ```ts
 * const scope = new CancelScope({ deadline: getRunningLoop().time() + 1000 });
 * await scope.run(async () => {
 *   await sleep(5000); // cut short after 1 s
 * });
 * console.log(scope.cancelledCaught); // true
 *
 * {
 *   await using _ = new CancelScope({ shield: true });
 *   await saveState(); // a task.cancel() meanwhile lands after the block
 * }
 * ```
 */
export class CancelScope implements AsyncDisposable, ScopeFrame {
  /** @internal */ _cancelCalled = false;
  /** @internal */ _shield: boolean;
  /** @internal */ _message = "The cancel scope was cancelled.";
  /** @internal */ _state: typeof OPEN | typeof RUNNING | typeof EXITED = OPEN;
  /** @internal */ readonly _task: Task<unknown>;
  /** @internal */ readonly _loop: EventLoop;
  /** @internal Outer requests already counted on entry (those a shield held excluded). */
  readonly _baseCancelling: number;
  /** @internal */ _deadline: number;
  /** @internal */ _timer: Handle | null = null;
  /** @internal */ _controller: AbortController | null = null;
  /** @internal */ _caught = false;

  /**
   * Opens the scope on the current task. Throws `EventLoopError` outside a task, `TypeError` or
   * `RangeError` for a bad option.
   */
  constructor(options?: CancelScopeOptions) {
    const { deadline, shield } = checkOptions(options, ["deadline", "shield"], "new CancelScope(options)");
    const checkedDeadline = readScopeDeadline(deadline === undefined ? Number.POSITIVE_INFINITY : deadline, "new CancelScope({ deadline })");
    if (shield !== undefined) assertBoolean(shield, "new CancelScope({ shield }): shield");
    const loop = getRunningLoop();
    const task = currentTask();
    if (task === null || task._loop !== loop) {
      throw new EventLoopError(
        "A CancelScope must be opened inside a task (a function run by run() or createTask()): it cancels that task's awaits.",
      );
    }
    this._loop = loop;
    this._task = task;
    this._shield = shield === true;
    this._baseCancelling = outerRequests(task);
    this._deadline = checkedDeadline;
    task._pushScope(this);
    this._arm();
  }

  /**
   * Runs `fn(scope)` inside the scope, exits it when `fn` ends, and resolves with `fn`'s result,
   * or `undefined` if the scope's own cancellation cut it short (then `cancelledCaught` is true).
   * Call it once, from the task that opened the scope, with no scope opened after it still open;
   * otherwise it throws `InvalidStateError` at the call.
   *
   * @example
   * ```ts
   * const value = await new CancelScope().run(async (scope) => {
   *   getRunningLoop().callLater(100, () => scope.cancel("enough"));
   *   return await longWork();
   * }); // undefined: cancelled after 100 ms
   * ```
   */
  run<T>(fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T | undefined> {
    assertFunction(fn, "scope.run(fn): fn");
    if (this._state !== OPEN) {
      throw new InvalidStateError(`scope.run(fn): this CancelScope ${this._state === RUNNING ? "is already running" : "has exited"}; open a new one.`);
    }
    if (currentTask() !== this._task) {
      throw new InvalidStateError(`scope.run(fn): run a CancelScope in the task that opened it (${this._task.toString()}).`);
    }
    this._checkTop("scope.run(fn)");
    this._state = RUNNING;
    return this._runBody(fn);
  }

  /** @internal */
  async _runBody<T>(fn: (scope: CancelScope) => T | PromiseLike<T>): Promise<T | undefined> {
    let value: T;
    try {
      value = await fn(this);
    } catch (err) {
      if (this._exit(err instanceof CancelledError)) return undefined;
      throw err;
    }
    this._exit(false);
    return value;
  }

  /**
   * Exits the scope at the end of an `await using` block: clears the deadline and delivers what a
   * shield held. Throws `InvalidStateError` if a scope opened after this one is still open.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this._state === EXITED) return;
    this._exit(false);
  }

  /**
   * @internal Leaves the scope; `cancelled` says the body ended with a `CancelledError`. Returns
   * true if that was this scope's own cancellation, which it absorbs.
   */
  _exit(cancelled: boolean): boolean {
    this._checkTop(this._state === RUNNING ? "scope.run(fn)" : "scope[Symbol.asyncDispose]()");
    // An outer request that reached an await inside the scope may be the very CancelledError the
    // body ended with: then it goes on. One still pending (or held) is delivered after the exit.
    const task = this._task;
    const outerDelivered = !task._mustCancel && outerRequests(task) > this._baseCancelling;
    this._caught = cancelled && this._cancelCalled && !outerDelivered;
    this._state = EXITED;
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
    task._popScope(this);
    return this._caught;
  }

  /**
   * Cancels the scope: every tsio await inside it raises `CancelledError` (with `reason` as its
   * message) until it exits, and `signal` aborts. Idempotent; after the scope exited it only
   * marks it.
   *
   * @example
   * ```ts
   * const scope = new CancelScope();
   * createTask(async () => { await sleep(100); scope.cancel("user pressed stop"); });
   * await scope.run(() => download());
   * ```
   */
  cancel(reason?: string): void {
    if (reason !== undefined && typeof reason !== "string") {
      throw new TypeError(`scope.cancel(reason): reason must be a string when given, got ${describeValue(reason)}.`);
    }
    if (this._cancelCalled) return;
    this._cancelCalled = true;
    if (reason !== undefined) this._message = reason;
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
    this._controller?.abort(new CancelledError(this._message));
    if (this._state !== EXITED) this._task._scopesChanged();
  }

  /** Whether `cancel()` was called or the deadline passed. */
  get cancelCalled(): boolean {
    return this._cancelCalled;
  }

  /** Whether the scope absorbed its own cancellation on exit (through `run`). */
  get cancelledCaught(): boolean {
    return this._caught;
  }

  /**
   * When the scope cancels itself, in loop time (ms); `Infinity` for never. Settable while it
   * runs (the timer is re-armed; a deadline already passed cancels at once).
   */
  get deadline(): number {
    return this._deadline;
  }

  set deadline(when: number) {
    this._deadline = readScopeDeadline(when, "scope.deadline");
    this._arm();
  }

  /** Whether cancellation from outside waits until the scope exits. Settable while it runs. */
  get shield(): boolean {
    return this._shield;
  }

  set shield(value: boolean) {
    assertBoolean(value, "scope.shield");
    this._shield = value;
    if (this._state !== EXITED) this._task._scopesChanged();
  }

  /**
   * An `AbortSignal` that aborts (with a `CancelledError` carrying the reason) when the scope is
   * cancelled: hand it to foreign I/O inside the scope, which a tsio await cannot interrupt. It
   * follows this scope only; for the task's own cancellation as well, pass
   * `AbortSignal.any([scope.signal, task.signal])`.
   */
  get signal(): AbortSignal {
    if (this._controller === null) {
      this._controller = new AbortController();
      if (this._cancelCalled) this._controller.abort(new CancelledError(this._message));
    }
    return this._controller.signal;
  }

  private _checkTop(api: string): void {
    const scopes = this._task._extra?.scopes;
    if (scopes == null || scopes[scopes.length - 1] !== this) {
      throw new InvalidStateError(
        `${api}: cancel scopes must exit in the reverse order they were opened, and a scope opened after this one is still open (or this one is not open).`,
      );
    }
  }

  private _arm(): void {
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
    if (this._state === EXITED || this._cancelCalled || this._deadline === Number.POSITIVE_INFINITY) return;
    if (this._deadline <= this._loop.time()) this.cancel(DEADLINE_MESSAGE);
    else this._timer = this._loop.callAt(this._deadline, deadlinePassed, this);
  }

  toString(): string {
    const state = ["open", "running", "exited"][this._state];
    return `<CancelScope ${state}${this._cancelCalled ? " cancelled" : ""}${this._shield ? " shielded" : ""} deadline=${this._deadline}>`;
  }
}

const DEADLINE_MESSAGE = "The cancel scope's deadline passed.";

function deadlinePassed(scope: CancelScope): void {
  scope._timer = null;
  scope.cancel(DEADLINE_MESSAGE);
}

/** The task's cancellation requests, minus those a shielded scope holds back. */
function outerRequests(task: Task<unknown>): number {
  return task.cancelling() - (task._extra?.held?.length ?? 0);
}

/** @internal A deadline in loop time: a finite number or `Infinity` (no deadline). */
export function readScopeDeadline(when: unknown, what: string): number {
  if (when === null || when === undefined) {
    throw new TypeError(`${what} must be a loop time in ms (or Infinity for none), got ${describeValue(when)}.`);
  }
  return readDeadline(when, what) ?? Number.POSITIVE_INFINITY;
}

/** @internal A time limit in ms from now: a delay `sleep` accepts, or `Infinity` (no limit). */
export function readScopeLimit(ms: unknown, what: string): number {
  if (ms === null || ms === undefined) {
    throw new TypeError(`${what} must be a number of milliseconds (or Infinity for no limit), got ${describeValue(ms)}.`);
  }
  return readTimeout(ms, what) ?? Number.POSITIVE_INFINITY;
}
