import { AsyncResource } from "node:async_hooks";
import { BlockQueue } from "./block-queue.js";
import { type Clock, type ClockHost, type ClockWait, MonotonicClock } from "./clock.js";
import { EventLoopError } from "./errors.js";
import { type ExceptionContext, formatExceptionContext } from "./exception-context.js";
import { Future } from "./future.js";
import { Handle, type HandleOwner, type Runnable, type TimerEntry, TimerHandle } from "./handle.js";
import { _brandEventLoop, _setRunningLoop, tryGetRunningLoop } from "./running-loop.js";
import { TimerQueue } from "./timer-queue.js";
import { iterationEnded, iterationStarted } from "./turn.js";
import { assertBoolean, assertDelay, assertFunction, assertTime, checkOptions, describeValue } from "./validate.js";

/**
 * Options for `new EventLoop()`.
 *
 * @example
 * ```ts
 * const loop = new EventLoop({ debug: true, slowCallbackMs: 50 });
 * ```
 */
export interface EventLoopOptions {
  /** Where time comes from; the real monotonic clock by default. */
  clock?: Clock;
  /** Report slow callbacks and task steps; defaults to `TSIO_DEBUG=1` in the environment. */
  debug?: boolean;
  /** In debug mode, a callback blocking longer than this (ms) is reported. Default 100. */
  slowCallbackMs?: number;
}

/**
 * Receives errors nobody else could handle.
 *
 * @example
 * ```ts
 * const handler: ExceptionHandler = (loop, ctx) => console.error(ctx.message);
 * ```
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * Async clean-up a package above the kernel registers on a loop (the default thread pool's
 * shutdown, for instance); `run()` awaits every hook before it closes the loop.
 *
 * @example
 * ```ts
 * const remove = loop.addShutdownHook(async () => { await pool.destroy(); });
 * ```
 */
export type ShutdownHook = () => void | PromiseLike<void>;

/**
 * A piece of work in flight outside the loop (a worker-thread job, a wrapped foreign promise).
 * While any is open a virtual clock will not jump forward. `end()` is idempotent.
 *
 * @example
 * ```ts
 * const work = loop.beginExternalWork();
 * fs.readFile(path, () => work.end());
 * ```
 */
export interface ExternalWork {
  /** Marks the work finished; later calls do nothing. */
  end(): void;
}

/**
 * A callback the loop schedules (`callSoon`, `callLater`, `callAt`), called with the arguments
 * given when it was scheduled. Its return value is ignored; what it throws goes to the loop's
 * exception handler.
 *
 * ```ts
 * const greet: Callback<[string]> = (name) => console.log(`hello ${name}`);
 * loop.callSoon(greet, "tsio");
 * ```
 */
export type Callback<A extends unknown[]> = (...args: A) => unknown;

const IDLE = 0;
const RUNNING = 1;
const CLOSED = 2;

/** Real time a batch of iterations may run back to back before yielding to Node's own loop. */
const BATCH_BUDGET_MS = 4;
/** Shared by every handle scheduled without arguments, so the empty rest array is not retained. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * Real time for the batch budget and slow-callback timing, captured when the kernel loads: a fake
 * timer library (or `@tsio/testing`'s fakeGlobals) may later replace `performance.now` with a clock
 * that stands still during a batch, which would stop the loop from ever yielding to Node.
 */
const hostNow: () => number = performance.now.bind(performance);

/**
 * Reactions on an already-settled promise are the cheapest way into the microtask queue (cheaper
 * than `queueMicrotask`, which wraps each callback for async_hooks).
 */
const SETTLED = Promise.resolve();

/**
 * Runs functions in the async context that was current when this module loaded (the root one).
 * Every batch starts there, so a task's AsyncLocalStorage context never leaks into callbacks that
 * merely happened to be scheduled while that task was running. Called directly rather than through
 * `AsyncLocalStorage.snapshot()`'s bound function, which adds a rest array and two calls per batch.
 */
const rootScope = new AsyncResource("tsio.loop");

/** A clock's `resolution`, checked: absent means exact (0), anything else must be a finite ms count. */
function readResolution(clock: Clock): number {
  const resolution: unknown = clock.resolution;
  if (resolution === undefined) return 0;
  const what = "new EventLoop({ clock }): clock.resolution";
  if (typeof resolution !== "number") {
    throw new TypeError(`${what} must be a number of milliseconds (or absent, for 0), got ${describeValue(resolution)}.`);
  }
  if (!Number.isFinite(resolution) || resolution < 0) {
    throw new RangeError(`${what} must be a finite number of milliseconds >= 0 (1 for a host timer, 0 for exact time), got ${resolution}.`);
  }
  return resolution;
}

function envDebug(): boolean {
  const value = typeof process !== "undefined" ? process.env.TSIO_DEBUG : undefined;
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * The scheduler: a FIFO of ready callbacks, a queue of timers, futures and the bookkeeping that
 * lets tasks run on top of Node's own event loop. One iteration runs exactly the callbacks that
 * were ready when it began, then waits for the microtasks they caused before deciding what next.
 *
 * Most programs never build one: `run(main)` from `@tsio/tasks` creates, runs and closes it.
 *
 * @example
 * ```ts
 * const loop = new EventLoop();
 * const fut = loop.createFuture<string>();
 * loop.callLater(10, () => fut.setResult("done"));
 * console.log(await loop.runUntilComplete(fut)); // "done"
 * loop.close();
 * ```
 */
export class EventLoop implements ClockHost {
  static {
    _brandEventLoop(EventLoop);
  }
  /** The clock this loop reads time from. */
  readonly clock: Clock;
  /**
   * How early the clock's wait may fire and still count as its deadline having come, in ms: the
   * clock's `resolution` (1 ms for the real clock, 0 for a virtual one and for a clock that does not
   * say), read once here. A timer may therefore run up to this much before its deadline by `time()`,
   * and only when the wait armed for that deadline (or a later one) fired that early.
   */
  readonly clockResolution: number;
  private readonly ready = new BlockQueue<Runnable>();
  private readonly timers = new TimerQueue();
  private state: typeof IDLE | typeof RUNNING | typeof CLOSED = IDLE;
  private stopping = false;
  /** An iteration is queued or in progress; new work needs no extra wake-up. */
  private scheduled = false;
  private clockWait: ClockWait | null = null;
  /**
   * The deadline of the clock wait that fired, until an iteration collects timers; -Infinity when
   * the clock did not wake the loop since.
   */
  private wokeFor = Number.NEGATIVE_INFINITY;
  private armedDeadline = Number.POSITIVE_INFINITY;
  private remaining = 0;
  private batchStart = 0;
  /** When the last batch started from a `setImmediate` (see `wake`). */
  private macrotaskStart = Number.NEGATIVE_INFINITY;
  private externalWork = 0;
  private exceptionHandler: ExceptionHandler | null = null;
  private debug: boolean;
  private slowCallbackMs: number;
  private slowCandidate: Runnable | null = null;
  private slowStart = 0;
  private shutdownHooks: ShutdownHook[] = [];
  private stopResolve: (() => void) | null = null;

  constructor(options?: EventLoopOptions) {
    const { clock: given, debug, slowCallbackMs } = checkOptions(options, ["clock", "debug", "slowCallbackMs"], "new EventLoop()");
    const clock = given as Partial<Clock> | undefined;
    if (clock !== undefined && (typeof clock?.now !== "function" || typeof clock.wait !== "function")) {
      throw new TypeError(`new EventLoop({ clock }): clock must have now() and wait(deadline, wake), got ${describeValue(clock)}.`);
    }
    if (debug !== undefined) assertBoolean(debug, "new EventLoop({ debug }): debug");
    if (slowCallbackMs !== undefined) assertDelay(slowCallbackMs, "new EventLoop({ slowCallbackMs }): slowCallbackMs");
    this.clock = given ?? new MonotonicClock();
    this.clockResolution = readResolution(this.clock);
    this.debug = debug ?? envDebug();
    this.slowCallbackMs = slowCallbackMs ?? 100;
    this.clock.attach?.(this);
  }

  // ---- time and scheduling -------------------------------------------------------------

  /** The loop's current time in milliseconds, from its clock. */
  time(): number {
    return this.clock.now();
  }

  /**
   * Runs `callback(...args)` on the next iteration. Callbacks run in the order they were
   * scheduled; one scheduled by a running callback waits for the next iteration.
   */
  callSoon<A extends unknown[]>(callback: Callback<A>, ...args: A): Handle {
    this.checkOpen("callSoon");
    assertFunction(callback, "callSoon(callback): callback");
    const handle = new Handle(callback as (...a: never[]) => unknown, args.length > 0 ? args : NO_ARGS, undefined, this);
    this.pushReady(handle);
    return handle;
  }

  /**
   * The same as `callSoon`: JavaScript code on another thread cannot touch this loop, so worker
   * results arrive as messages and are scheduled from this thread. Kept for asyncio parity.
   */
  callSoonThreadsafe<A extends unknown[]>(callback: Callback<A>, ...args: A): Handle {
    return this.callSoon(callback, ...args);
  }

  /**
   * Runs `callback(...args)` once `delay` ms have passed on this loop's clock. When the clock's
   * wait for it fires up to `clockResolution` early (a host timer may, by a fraction of a
   * millisecond), the loop takes that as the deadline having come: by `time()` the callback may
   * then run up to one resolution (1 ms on the real clock) before its deadline, never more.
   */
  callLater<A extends unknown[]>(delay: number, callback: Callback<A>, ...args: A): TimerHandle {
    this.checkOpen("callLater");
    assertDelay(delay, "callLater(delay): delay");
    assertFunction(callback, "callLater(delay, callback): callback");
    return this.addTimerHandle(this.clock.now() + delay, callback, args);
  }

  /**
   * Runs `callback(...args)` when the loop time reaches `when` (ms, as from `time()`), or up to
   * `clockResolution` before, when the clock's wait for it fired that early (see `callLater`).
   */
  callAt<A extends unknown[]>(when: number, callback: Callback<A>, ...args: A): TimerHandle {
    this.checkOpen("callAt");
    assertTime(when, "callAt(when): when");
    assertFunction(callback, "callAt(when, callback): callback");
    return this.addTimerHandle(when, callback, args);
  }

  /** Both public timer calls land here with their rest array as is: no second spread per timer. */
  private addTimerHandle(when: number, callback: Callback<never>, args: readonly unknown[]): TimerHandle {
    const timer = new TimerHandle(
      when,
      callback as (...a: never[]) => unknown,
      args.length > 0 ? args : NO_ARGS,
      undefined,
      this,
    );
    this.addTimer(timer);
    return timer;
  }

  /** Creates a pending `Future` bound to this loop. */
  createFuture<T = unknown>(): Future<T> {
    this.checkOpen("createFuture");
    return new Future<T>(this);
  }

  // ---- running -------------------------------------------------------------------------

  /** Whether the loop is running (between `runForever()`/`runUntilComplete()` and their end). */
  isRunning(): boolean {
    return this.state === RUNNING;
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.state === CLOSED;
  }

  /**
   * Runs the loop until `stop()` is called. The returned promise settles once the iteration in
   * which `stop()` was called has finished. Throws `EventLoopError` at once if this or another
   * loop is already running, or if this one is closed.
   */
  runForever(): Promise<void> {
    this.checkOpen("runForever");
    if (this.state === RUNNING) {
      throw new EventLoopError("This event loop is already running: await its work instead of running it again.");
    }
    if (tryGetRunningLoop() !== null) {
      throw new EventLoopError(
        "Cannot run an event loop while another loop is running: use await (or createTask) for nested work.",
      );
    }
    _setRunningLoop(this);
    this.state = RUNNING;
    return new Promise<void>((resolve) => {
      this.stopResolve = resolve;
      this.scheduled = false;
      this.wake();
    });
  }

  /**
   * Runs the loop until `future` is done and resolves with its result (or rejects with its
   * error). Throws `EventLoopError` at once when a loop is already running.
   */
  runUntilComplete<T>(future: Future<T>): Promise<T> {
    if (!(future instanceof Future)) {
      throw new TypeError(
        "runUntilComplete(future) takes a tsio Future; to run an async function use run(main) from @tsio/tasks.",
      );
    }
    if (future._loop !== this) {
      throw new EventLoopError(
        `runUntilComplete(future): the future belongs to a different loop (${future._loop.toString()}), not this one: run its own loop, or create the future on this one.`,
      );
    }
    const stopWhenDone = () => this.stop();
    const running = this.runForever();
    future.addDoneCallback(stopWhenDone);
    return running.then(() => {
      future.removeDoneCallback(stopWhenDone);
      if (!future.done()) throw new EventLoopError("The event loop stopped before the future completed.");
      return future.result();
    });
  }

  /**
   * Asks a running loop to stop after its current iteration; callbacks scheduled by that
   * iteration stay queued for the next run. Called before running, the next run does one
   * iteration and stops.
   */
  stop(): void {
    this.stopping = true;
    if (this.state === RUNNING) this.wake();
  }

  /**
   * Closes the loop: pending callbacks and timers are dropped and any further scheduling throws
   * `EventLoopError`. Throws if the loop is running. Idempotent.
   */
  close(): void {
    if (this.state === RUNNING) throw new EventLoopError("Cannot close a running event loop: stop it first.");
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.disarmClock();
    for (let item = this.ready.shift(); item !== undefined; item = this.ready.shift()) {
      if (item instanceof Handle) item.cancel();
    }
    for (const timer of this.timers.clear()) {
      timer._scheduled = false;
      if (timer instanceof Handle) timer.cancel();
    }
    this.shutdownHooks = [];
    this.clock.detach?.(this);
  }

  // ---- errors and debug ----------------------------------------------------------------

  /** Replaces the exception handler (`null` restores the default). */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null) assertFunction(handler, "setExceptionHandler(handler): handler");
    this.exceptionHandler = handler;
  }

  /** The handler set by `setExceptionHandler`, or `null` for the default. */
  getExceptionHandler(): ExceptionHandler | null {
    return this.exceptionHandler;
  }

  /**
   * Hands `context` to the exception handler. If the handler itself throws, both errors are
   * printed by the default handler: nothing is lost and nothing escapes into Node.
   */
  callExceptionHandler(context: ExceptionContext): void {
    if (typeof context !== "object" || context === null || typeof context.message !== "string") {
      throw new TypeError(
        `callExceptionHandler(context): context must be an object with a string message, like { message: "what failed", exception: err }, got ${describeValue(context)}.`,
      );
    }
    const handler = this.exceptionHandler;
    if (handler === null) {
      this.safeDefault(context);
      return;
    }
    try {
      handler(this, context);
    } catch (err) {
      this.safeDefault({ message: "Unhandled error in the exception handler", exception: err, context: context.message });
      this.safeDefault(context);
    }
  }

  private safeDefault(context: ExceptionContext): void {
    try {
      this.defaultExceptionHandler(context);
    } catch {
      process.stderr.write(`${context.message}\n`);
    }
  }

  /** Prints `context` (message, details, stack) to stderr. */
  defaultExceptionHandler(context: ExceptionContext): void {
    console.error(formatExceptionContext(context));
  }

  /** Whether debug mode is on. */
  getDebug(): boolean {
    return this.debug;
  }

  /** Turns debug mode on or off. */
  setDebug(enabled: boolean): void {
    assertBoolean(enabled, "setDebug(enabled): enabled");
    this.debug = enabled;
  }

  /** The slow-callback threshold used in debug mode, in ms. */
  get slowCallbackDuration(): number {
    return this.slowCallbackMs;
  }

  /** Sets the slow-callback threshold: a non-negative number of ms (`RangeError` otherwise). */
  set slowCallbackDuration(ms: number) {
    assertDelay(ms, "slowCallbackDuration");
    this.slowCallbackMs = ms;
  }

  // ---- packages above the kernel ---------------------------------------------------------

  /**
   * Registers async clean-up for `run()` to await before it closes the loop. Returns a function
   * that unregisters it.
   */
  addShutdownHook(hook: ShutdownHook): () => void {
    this.checkOpen("addShutdownHook");
    assertFunction(hook, "addShutdownHook(hook): hook");
    this.shutdownHooks.push(hook);
    return () => {
      const i = this.shutdownHooks.indexOf(hook);
      if (i >= 0) this.shutdownHooks.splice(i, 1);
    };
  }

  /**
   * Runs every shutdown hook, newest first, each awaited in turn; a failing hook is reported to
   * the exception handler and the others still run.
   */
  async runShutdownHooks(): Promise<void> {
    const hooks = this.shutdownHooks.splice(0).reverse();
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.callExceptionHandler({ message: "A shutdown hook failed", exception: err });
      }
    }
  }

  /** Marks work in flight outside the loop until `end()` is called. */
  beginExternalWork(): ExternalWork {
    this.externalWork++;
    let ended = false;
    return {
      end: () => {
        if (ended) return;
        ended = true;
        this.externalWork--;
        // The clock may have declined to advance while the work was out; let it decide again.
        if (this.state === RUNNING) this.wake();
      },
    };
  }

  /** Counts `promise` as external work until it settles, and returns it. */
  trackExternal<T>(promise: PromiseLike<T>): PromiseLike<T> {
    const then = typeof promise === "object" || typeof promise === "function" ? (promise as Partial<PromiseLike<T>> | null)?.then : undefined;
    if (typeof then !== "function") {
      throw new TypeError(`trackExternal(promise): promise must be a promise (or thenable) to count until it settles, got ${describeValue(promise)}.`);
    }
    const work = this.beginExternalWork();
    const end = () => work.end();
    try {
      then.call(promise, end, end);
    } catch (err) {
      // A thenable that throws from then() will never settle through it: it is not in flight.
      work.end();
      throw err;
    }
    return promise;
  }

  /** How many pieces of external work are in flight. */
  externalWorkInFlight(): number {
    return this.externalWork;
  }

  /** How many callbacks are ready and how many timers are scheduled (cancelled ones excluded). */
  pendingWork(): {
    /** Callbacks in the ready queue, to run in the next iteration. */
    ready: number;
    /** Timers scheduled and not cancelled. */
    timers: number;
  } {
    return { ready: this.ready.length, timers: this.timers.live };
  }

  /** The earliest live timer's deadline, or `null` when none is scheduled. */
  nextDeadline(): number | null {
    const top = this.timers.peek();
    return top === undefined ? null : top._when;
  }

  /** A short description, as asyncio prints a loop. */
  toString(): string {
    return `<EventLoop running=${this.state === RUNNING} closed=${this.state === CLOSED} debug=${this.debug}>`;
  }

  // ---- internals -------------------------------------------------------------------------

  /** @internal Schedules `fn(arg)` without the rest-argument array, attributed to `owner`. */
  _callSoonOwned(fn: (arg: unknown) => unknown, arg: unknown, owner: HandleOwner | undefined): Handle {
    this.checkOpen("addDoneCallback");
    const handle = new Handle(fn as (...a: never[]) => unknown, undefined, arg, this, owner);
    this.pushReady(handle);
    return handle;
  }

  /** @internal Queues an object that runs itself (see `Runnable`); no handle is allocated. */
  _schedule(item: Runnable): void {
    this.checkOpen("schedule");
    this.pushReady(item);
  }

  /**
   * @internal Puts an object that is its own timer (see `TimerEntry`) in the timer queue; its
   * `_when` must be set and valid. No handle is allocated.
   */
  _scheduleTimer(entry: TimerEntry): void {
    this.checkOpen("scheduleTimer");
    entry._scheduled = true;
    this.addTimer(entry);
  }

  private addTimer(entry: TimerEntry): void {
    this.timers.push(entry);
    if (this.state === RUNNING && !this.scheduled && entry._when < this.armedDeadline) this.armClock();
  }

  /** @internal A timer entry was cancelled: it stays queued until it comes up or a sweep. */
  _timerCancelled(timer: TimerEntry): void {
    this.timers.noteCancelled();
    // Do not keep a host timer (and the process) alive for a deadline nobody wants any more.
    if (this.clockWait !== null && !this.scheduled && timer._when <= this.armedDeadline) this.armClock();
  }

  private pushReady(handle: Runnable): void {
    this.ready.push(handle);
    if (!this.scheduled && this.state === RUNNING) this.wake();
  }

  private checkOpen(what: string): void {
    if (this.state === CLOSED) {
      throw new EventLoopError(`${what}(): the event loop is closed; create a new one (or call run() again).`);
    }
  }

  /**
   * Starts an iteration batch unless one is already under way. Woken from outside (external work
   * finished, a host timer fired, a foreign callback scheduled something), the batch starts right
   * after that host callback's own microtasks instead of a check phase later: a `setImmediate` hop
   * costs a thread result or an I/O wake-up a few microseconds each. Once batches started that way
   * have run for a whole budget since the last one started by `setImmediate`, the next goes through
   * `setImmediate` again, so back-to-back wake-ups cannot keep Node from polling for I/O.
   */
  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.disarmClock();
    if (hostNow() - this.macrotaskStart < BATCH_BUDGET_MS) void SETTLED.then(this.onMicrotask);
    else setImmediate(this.onImmediate);
  }

  private readonly onImmediate = (): void => {
    this.macrotaskStart = hostNow();
    rootScope.runInAsyncScope(this.startBatch);
  };

  private readonly onMicrotask = (): void => {
    rootScope.runInAsyncScope(this.startBatch);
  };

  private readonly startBatch = (): void => {
    this.batchStart = hostNow();
    this.step();
  };

  /** Runs the current iteration (all of it, or in debug mode one callback), then waits for microtasks. */
  private step(): void {
    if (this.state !== RUNNING) {
      this.scheduled = false;
      return;
    }
    if (this.remaining === 0) {
      this.collectDueTimers();
      this.remaining = this.ready.length;
    }
    iterationStarted();
    if (this.debug) this.runOneTimed();
    else this.runRemaining();
    void SETTLED.then(this.hop);
  }

  /** Queued as a microtask: the tick it schedules runs only once every microtask has drained. */
  private readonly hop = (): void => {
    process.nextTick(this.afterIteration);
  };

  private readonly afterIteration = (): void => {
    iterationEnded();
    if (this.slowCandidate !== null) this.reportIfSlow();
    if (this.state !== RUNNING) {
      this.scheduled = false;
      return;
    }
    if (this.remaining > 0) {
      this.step();
      return;
    }
    if (this.stopping) {
      this.finishRun();
      return;
    }
    if (this.ready.length > 0 || this.hasDueTimer()) {
      if (hostNow() - this.batchStart < BATCH_BUDGET_MS) this.step();
      else setImmediate(this.onImmediate);
      return;
    }
    this.scheduled = false;
    this.armClock();
  };

  private finishRun(): void {
    this.stopping = false;
    this.scheduled = false;
    this.state = IDLE;
    this.disarmClock();
    _setRunningLoop(null);
    const resolve = this.stopResolve;
    this.stopResolve = null;
    resolve?.();
  }

  private runRemaining(): void {
    const ready = this.ready;
    let n = this.remaining;
    this.remaining = 0;
    while (n-- > 0) {
      const handle = ready.shift()!;
      if (handle._cancelled) continue;
      try {
        handle._run();
      } catch (err) {
        this.reportCallbackError(handle, err);
      }
    }
  }

  /** Debug mode: one live callback per step, timed until its microtasks have drained too. */
  private runOneTimed(): void {
    while (this.remaining > 0) {
      this.remaining--;
      const handle = this.ready.shift()!;
      if (handle._cancelled) continue;
      this.slowCandidate = handle;
      this.slowStart = hostNow();
      try {
        handle._run();
      } catch (err) {
        this.reportCallbackError(handle, err);
      }
      return;
    }
  }

  private reportIfSlow(): void {
    const handle = this.slowCandidate!;
    this.slowCandidate = null;
    const durationMs = hostNow() - this.slowStart;
    if (durationMs >= this.slowCallbackMs) {
      this.callExceptionHandler({
        message: `Executing ${handle.toString()} took ${durationMs.toFixed(1)} ms: something blocked the event loop (a synchronous sleep, CPU-heavy work or sync I/O?). Offload it with toThread().`,
        handle,
        durationMs,
      });
    }
  }

  private reportCallbackError(handle: Runnable, err: unknown): void {
    this.callExceptionHandler({ message: `Exception in callback ${handle.toString()}`, exception: err, handle });
  }

  /**
   * Timers up to here are due: those whose deadline has come by `now()`, and, when the clock's
   * wait fired no more than one resolution early, those up to the deadline it was armed for. The
   * wait's granularity is the clock's resolution (a host timer counts whole milliseconds of a
   * cached loop time), so such a wake-up means its deadline has come, and re-arming for the
   * remainder would only add a millisecond. Unlike asyncio's `time() + clock_resolution` (1 ns
   * there), the slack never reaches past that deadline: with a 1 ms resolution it would end a
   * fifth of `sleep(1)`s under load within microseconds, more often than Node's own timers do.
   */
  private dueBy(): number {
    const now = this.clock.now();
    const armed = this.wokeFor;
    return armed > now && now + this.clockResolution >= armed ? armed : now;
  }

  private hasDueTimer(): boolean {
    const top = this.timers.peek();
    return top !== undefined && top._when <= this.dueBy();
  }

  private collectDueTimers(): void {
    if (this.timers.size === 0) return;
    const dueBy = this.dueBy();
    this.wokeFor = Number.NEGATIVE_INFINITY;
    this.timers.collectDue(dueBy, this.ready);
  }

  /** Arms the clock for the earliest live timer; a wait already armed for that deadline stays. */
  private armClock(): void {
    const top = this.timers.peek();
    if (top !== undefined && this.clockWait !== null && top._when === this.armedDeadline) return;
    this.disarmClock();
    if (top === undefined) return;
    this.armedDeadline = top._when;
    this.clockWait = this.clock.wait(top._when, this.onClockWake);
  }

  private disarmClock(): void {
    if (this.clockWait !== null) {
      this.clockWait.cancel();
      this.clockWait = null;
    }
    this.armedDeadline = Number.POSITIVE_INFINITY;
  }

  private readonly onClockWake = (): void => {
    this.clockWait = null;
    this.wokeFor = this.armedDeadline;
    this.armedDeadline = Number.POSITIVE_INFINITY;
    if (this.state === RUNNING) this.wake();
  };
}
