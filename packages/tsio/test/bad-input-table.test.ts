import { describe, expect, it } from "vitest";
import * as tsio from "../src/index.js";

/**
 * Bad input gets a clear, typed error at the call: for every function and class the umbrella
 * exports, the invalid inputs a user could pass and what each gets. `throws`: the call itself
 * throws synchronously (for an API that returns a promise or future too: nothing is started).
 * `rejects`: the API is asynchronous by nature and returns a promise or future that rejects with
 * that error (the wait happens inside, after the arguments were fine). `outside` runs with no
 * event loop; `task` runs inside the main task of `run()`. Exports with nothing a user could get
 * wrong (error classes, predicates) have a `none` row saying why. A new export without a row fails
 * the first test.
 */

type ErrorClass = abstract new (...args: never[]) => Error;

interface Case {
  /** What the user passes. */
  readonly input: string;
  readonly call: () => unknown;
  readonly error: ErrorClass;
  readonly how: "throws" | "rejects";
  readonly where: "outside" | "task";
  /** Part of the message that tells the user what to do. */
  readonly message?: RegExp;
}

type Row = { readonly cases: readonly Case[] } | { readonly none: string; readonly check: () => void };

const {
  Acquisition,
  asCompleted,
  assertDelay,
  assertFunction,
  assertTime,
  Barrier,
  BoundedSemaphore,
  comparePriority,
  Condition,
  createTask,
  ensureFuture,
  Event,
  EventLoop,
  EventLoopError,
  formatExceptionContext,
  Future,
  gather,
  getDefaultExecutor,
  getRunningLoop,
  Handle,
  InvalidStateError,
  LifoQueue,
  Lock,
  MonotonicClock,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  allTasks,
  reportUnretrieved,
  run,
  runInExecutor,
  Runner,
  Semaphore,
  setAwaitHook,
  setCancellationProbe,
  setDefaultExecutor,
  setTaskObserver,
  shield,
  sleep,
  Task,
  TaskGroup,
  TaskGroupError,
  taskGroup,
  ThreadError,
  ThreadPool,
  threadModule,
  Timeout,
  TimerHandle,
  timeout,
  timeoutAt,
  toThread,
  transfer,
  wait,
  waitFor,
  BrokenBarrierError,
} = tsio;

const fn = async (): Promise<number> => 1;
/** The commonest mistake: the promise an async function already returned, instead of the function. */
const promise = (): Promise<number> => Promise.resolve(1);
const noLoop = /no running event loop/;

function c(
  input: string,
  call: () => unknown,
  error: ErrorClass,
  how: Case["how"] = "throws",
  where: Case["where"] = "outside",
  message?: RegExp,
): Case {
  return { input, call, error, how, where, ...(message !== undefined && { message }) };
}

function errorClass(name: string, make: () => Error): Row {
  return {
    none: `an error class: like Error, it accepts any message (and options), so there is nothing to get wrong`,
    check: () => {
      const err = make();
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(name);
    },
  };
}

const table: Record<string, Row> = {
  // ---- @tsio/loop ----------------------------------------------------------------------------
  EventLoop: {
    cases: [
      c("options that are not an object", () => new EventLoop(5 as never), TypeError, "throws", "outside", /options must be an object/),
      c("null options", () => new EventLoop(null as never), TypeError),
      c("a clock without now()/wait()", () => new EventLoop({ clock: {} as never }), TypeError, "throws", "outside", /clock must have now\(\)/),
      c("a negative slowCallbackMs", () => new EventLoop({ slowCallbackMs: -1 }), RangeError),
      c("callSoon(non-function)", () => new EventLoop().callSoon(5 as never), TypeError, "throws", "outside", /callback must be a function/),
      c("callLater(negative delay)", () => new EventLoop().callLater(-1, () => {}), RangeError),
      c("callLater(NaN)", () => new EventLoop().callLater(Number.NaN, () => {}), RangeError),
      c("callLater(delay as a string)", () => new EventLoop().callLater("10" as never, () => {}), TypeError),
      c("callAt(NaN)", () => new EventLoop().callAt(Number.NaN, () => {}), RangeError),
      c("runUntilComplete(a promise)", () => new EventLoop().runUntilComplete(promise() as never), TypeError, "throws", "outside", /run\(main\)/),
      c("runUntilComplete(another loop's future)", () => new EventLoop().runUntilComplete(new EventLoop().createFuture()), EventLoopError),
      c("setExceptionHandler(non-function)", () => new EventLoop().setExceptionHandler(5 as never), TypeError),
      c("addShutdownHook(non-function)", () => new EventLoop().addShutdownHook(5 as never), TypeError),
      c("slowCallbackDuration = -1", () => {
        new EventLoop().slowCallbackDuration = -1;
      }, RangeError),
      c("callSoon on a closed loop", () => {
        const loop = new EventLoop();
        loop.close();
        loop.callSoon(() => {});
      }, EventLoopError, "throws", "outside", /closed/),
      c("runForever() while a loop runs", () => new EventLoop().runForever(), EventLoopError, "throws", "task"),
    ],
  },
  Future: {
    cases: [
      c("new Future() with no running loop", () => new Future(), EventLoopError, "throws", "outside", noLoop),
      c("a loop that is not an EventLoop", () => new Future(5 as never), TypeError, "throws", "outside", /must be an EventLoop/),
      c("addDoneCallback(non-function)", () => new Future(new EventLoop()).addDoneCallback(5 as never), TypeError),
      c("setException(undefined)", () => new Future(new EventLoop()).setException(undefined), TypeError),
      c("setResult() twice", () => {
        const fut = new Future<number>(new EventLoop());
        fut.setResult(1);
        fut.setResult(2);
      }, InvalidStateError),
      c("result() while pending", () => new Future(new EventLoop()).result(), InvalidStateError),
    ],
  },
  Handle: { cases: [c("a callback that is not a function", () => new Handle(5 as never, undefined, undefined, new EventLoop()), TypeError)] },
  TimerHandle: {
    cases: [c("a callback that is not a function", () => new TimerHandle(0, 5 as never, undefined, undefined, new EventLoop()), TypeError)],
  },
  MonotonicClock: {
    cases: [
      c("wait(NaN, wake)", () => new MonotonicClock().wait(Number.NaN, () => {}), RangeError),
      c("wait(deadline as a string, wake)", () => new MonotonicClock().wait("1" as never, () => {}), TypeError),
    ],
  },
  getRunningLoop: { cases: [c("a call with no running loop", () => getRunningLoop(), EventLoopError, "throws", "outside", noLoop)] },
  tryGetRunningLoop: { none: "takes no arguments and returns null outside a loop", check: () => expect(tsio.tryGetRunningLoop()).toBeNull() },
  setAwaitHook: { cases: [c("a hook that is not a function (or null)", () => setAwaitHook(5 as never), TypeError)] },
  cancellationPoint: { none: "takes no arguments; outside a task it does nothing", check: () => tsio.cancellationPoint() },
  setCancellationProbe: { cases: [c("a probe that is not a function (or null)", () => setCancellationProbe(5 as never), TypeError)] },
  isFuture: { none: "a predicate: any value gives true or false", check: () => expect(tsio.isFuture(5)).toBe(false) },
  assertDelay: {
    cases: [
      c("a string delay", () => assertDelay("1", "ms"), TypeError, "throws", "outside", /ms must be a number of milliseconds/),
      c("a negative delay", () => assertDelay(-1, "ms"), RangeError),
      c("NaN", () => assertDelay(Number.NaN, "ms"), RangeError),
    ],
  },
  assertFunction: { cases: [c("a non-function", () => assertFunction(5, "fn"), TypeError, "throws", "outside", /fn must be a function/)] },
  assertTime: {
    cases: [
      c("a string time", () => assertTime("1", "when"), TypeError),
      c("NaN", () => assertTime(Number.NaN, "when"), RangeError),
    ],
  },
  assertBoolean: { cases: [c("a string", () => tsio.assertBoolean("no", "debug"), TypeError, "throws", "outside", /debug must be true or false/)] },
  checkOptions: { cases: [c("an unknown key", () => tsio.checkOptions({ x: 1 } as never, [], "f()"), TypeError, "throws", "outside", /unknown option "x"/)] },
  readTimeout: { cases: [c("a negative timeout", () => tsio.readTimeout(-1, "ms"), RangeError)] },
  readDeadline: { cases: [c("NaN", () => tsio.readDeadline(Number.NaN, "when"), RangeError)] },
  describeValue: { none: "describes any value, including symbols", check: () => expect(tsio.describeValue(Symbol("s"))).toContain("symbol") },
  formatExceptionContext: {
    cases: [
      c("null", () => formatExceptionContext(null as never), TypeError),
      c("a context without a message", () => formatExceptionContext({} as never), TypeError, "throws", "outside", /message string/),
    ],
  },
  CancelledError: errorClass("CancelledError", () => new tsio.CancelledError()),
  InvalidStateError: errorClass("InvalidStateError", () => new tsio.InvalidStateError("x")),
  TimeoutError: errorClass("TimeoutError", () => new tsio.TimeoutError()),
  EventLoopError: errorClass("EventLoopError", () => new tsio.EventLoopError("x")),

  // ---- @tsio/tasks ---------------------------------------------------------------------------
  createTask: {
    cases: [
      c("a promise instead of a function", () => createTask(promise() as never), TypeError, "throws", "outside", /not a promise/),
      c("a non-function", () => createTask(5 as never), TypeError),
      c("a function with no running loop", () => createTask(fn), EventLoopError, "throws", "outside", noLoop),
      c("options that are not an object", () => createTask(fn, 5 as never), TypeError, "throws", "task"),
    ],
  },
  Task: {
    cases: [
      c("new Task(non-function, loop)", () => new Task(5 as never, new EventLoop()), TypeError, "throws", "outside", /createTask/),
      c("new Task(fn, non-loop)", () => new Task(fn, 5 as never), TypeError),
      c("task.setResult()", () => createTask(fn).setResult(1), InvalidStateError, "throws", "task"),
      c("task.setException()", () => createTask(fn).setException(new Error("x")), InvalidStateError, "throws", "task"),
    ],
  },
  run: {
    cases: [
      c("a promise instead of a function", () => run(promise() as never), TypeError, "throws", "outside", /not a promise/),
      c("options that are not an object", () => run(fn, 5 as never), TypeError),
      c("a clock that is not a Clock", () => run(fn, { clock: 5 as never }), TypeError),
      c("a negative slowCallbackMs", () => run(fn, { slowCallbackMs: -1 }), RangeError),
      c("run() inside a running loop", () => run(fn), EventLoopError, "throws", "task", /cannot be called from a running event loop/),
    ],
  },
  Runner: {
    cases: [
      c("options that are not an object", () => new Runner(5 as never), TypeError),
      c("a clock that is not a Clock", () => new Runner({ clock: {} as never }), TypeError),
      c("runner.run(non-function)", () => new Runner().run(5 as never), TypeError),
      c("runner.run() inside a running loop", () => new Runner().run(fn), EventLoopError, "throws", "task"),
      c("getLoop() after close()", () => {
        const runner = new Runner();
        void runner.close();
        runner.getLoop();
      }, EventLoopError),
    ],
  },
  sleep: {
    cases: [
      c("a negative delay", () => sleep(-1), RangeError, "throws", "task"),
      c("NaN", () => sleep(Number.NaN), RangeError, "throws", "task"),
      c("a string delay", () => sleep("10" as never), TypeError, "throws", "task"),
      c("no running loop", () => sleep(1), EventLoopError, "throws", "outside", noLoop),
    ],
  },
  currentTask: { none: "takes no arguments and returns null outside a task", check: () => expect(tsio.currentTask()).toBeNull() },
  allTasks: {
    cases: [
      c("a loop that is not an EventLoop", () => allTasks(5 as never), TypeError),
      c("no loop and none running", () => allTasks(), EventLoopError),
    ],
  },
  reportUnretrieved: { cases: [c("a loop that is not an EventLoop", () => reportUnretrieved(5 as never), TypeError)] },
  setTaskObserver: {
    cases: [
      c("an observer that is not an object", () => setTaskObserver(5 as never), TypeError),
      c("an observer whose created is not a function", () => setTaskObserver({ created: 5 as never }), TypeError),
    ],
  },
  KeyboardInterrupt: errorClass("KeyboardInterrupt", () => new tsio.KeyboardInterrupt()),
  TaskGroupError: { cases: [c("errors that are not iterable", () => new TaskGroupError(5 as never), TypeError)] },
  gather: {
    cases: [
      c("a value that is not awaitable", () => gather(5 as never), TypeError, "throws", "task", /not awaitable/),
      c("an array holding a non-awaitable", () => gather([fn, 5] as never), TypeError, "throws", "task", /awaitables\[1\]/),
      c("an unknown option", () => gather([fn], { bogus: true } as never), TypeError, "throws", "task", /unknown option/),
      c("returnExceptions that is not a boolean", () => gather([fn], { returnExceptions: "yes" } as never), TypeError, "throws", "task"),
      c("no running loop", () => gather(fn), EventLoopError),
    ],
  },
  wait: {
    cases: [
      c("a single awaitable instead of an array", () => wait(fn as never), TypeError, "throws", "task", /takes an array/),
      c("an empty array", () => wait([]), RangeError, "throws", "task"),
      c("a negative timeout", () => wait([fn], { timeout: -1 }), RangeError, "throws", "task"),
      c("an unknown returnWhen", () => wait([fn], { returnWhen: "SOON" as never }), TypeError, "throws", "task"),
      c("options that are not an object", () => wait([fn], 5 as never), TypeError, "throws", "task"),
      c("no running loop", () => wait([fn]), EventLoopError),
    ],
  },
  asCompleted: {
    cases: [
      c("a value that is not iterable", () => asCompleted(5 as never), TypeError, "throws", "task"),
      c("an array holding a non-awaitable", () => asCompleted([5] as never), TypeError, "throws", "task"),
      c("a negative timeout", () => asCompleted([fn], { timeout: -1 }), RangeError, "throws", "task"),
      c("no running loop", () => asCompleted([fn]), EventLoopError),
    ],
  },
  waitFor: {
    cases: [
      c("a value that is not awaitable", () => waitFor(5 as never, 10), TypeError, "throws", "task"),
      c("a negative timeout", () => waitFor(fn, -1), RangeError, "throws", "task"),
      c("a string timeout", () => waitFor(fn, "10" as never), TypeError, "throws", "task"),
      c("a timeout outside any task", () => {
        const loop = getRunningLoop();
        let thrown: unknown;
        loop.callSoon(() => {
          try {
            void waitFor(fn, 10);
          } catch (err) {
            thrown = err;
          }
        });
        return sleep(0).then(() => {
          throw thrown;
        });
      }, EventLoopError, "rejects", "task", /inside a task/),
      c("no running loop", () => waitFor(fn, 10), EventLoopError),
    ],
  },
  timeout: {
    cases: [
      c("a negative delay", () => timeout(-1), RangeError, "throws", "task"),
      c("a body that is not a function", () => timeout(10, 5 as never), TypeError, "throws", "task"),
      c("reschedule(NaN)", () => timeout(10).reschedule(Number.NaN), RangeError, "throws", "task"),
      c("no running loop", () => timeout(10), EventLoopError),
    ],
  },
  timeoutAt: {
    cases: [
      c("a string deadline", () => timeoutAt("soon" as never), TypeError, "throws", "task"),
      c("NaN", () => timeoutAt(Number.NaN), RangeError, "throws", "task"),
    ],
  },
  Timeout: {
    cases: [
      c("constructing one directly", () => new Timeout(5, null as never, null as never), TypeError, "throws", "outside", /timeout\(ms\)/),
      c("reschedule() after the scope ended", async () => {
        const t = await timeout(10, async (scope) => scope);
        t.reschedule(100);
      }, InvalidStateError, "rejects", "task"),
    ],
  },
  shield: {
    cases: [
      c("a value that is not awaitable", () => shield(5 as never), TypeError, "throws", "task"),
      c("a function with no running loop", () => shield(fn), EventLoopError),
    ],
  },
  ensureFuture: {
    cases: [
      c("a value that is not awaitable", () => ensureFuture(5 as never), TypeError),
      c("a loop that is not an EventLoop", () => ensureFuture(fn, 5 as never), TypeError, "throws", "task"),
      c("a function with no running loop", () => ensureFuture(fn), EventLoopError),
    ],
  },
  taskGroup: {
    cases: [
      c("a body that is not a function", () => taskGroup(5 as never), TypeError, "throws", "task"),
      c("no running loop", () => taskGroup(async () => {}), EventLoopError),
    ],
  },
  TaskGroup: {
    cases: [
      c("opening one outside a task", () => new TaskGroup(), EventLoopError),
      c("group.createTask(promise)", () => new TaskGroup().createTask(promise() as never), TypeError, "throws", "task", /not a promise/),
      c("group.createTask() after the group finished", async () => {
        let group!: InstanceType<typeof TaskGroup>;
        await taskGroup(async (g) => {
          group = g;
        });
        group.createTask(fn);
      }, InvalidStateError, "rejects", "task"),
    ],
  },

  // ---- @tsio/sync ----------------------------------------------------------------------------
  Lock: {
    cases: [
      c("run(non-function)", () => new Lock().run(5 as never), TypeError),
      c("release() of an unlocked lock", () => new Lock().release(), InvalidStateError),
      c("waiting for it with no running loop", async () => {
        const lock = new Lock();
        await lock.acquire();
        await lock.acquire();
      }, EventLoopError, "rejects"),
    ],
  },
  Acquisition: {
    cases: [
      c("constructing one directly", () => new Acquisition(5 as never), TypeError),
      c("release() twice", async () => {
        const held = await new Lock().acquire();
        held.release();
        held.release();
      }, InvalidStateError, "rejects"),
    ],
  },
  Semaphore: {
    cases: [
      c("a negative value", () => new Semaphore(-1), RangeError),
      c("a fractional value", () => new Semaphore(1.5), TypeError),
      c("a string value", () => new Semaphore("2" as never), TypeError),
      c("run(non-function)", () => new Semaphore().run(5 as never), TypeError),
    ],
  },
  BoundedSemaphore: {
    cases: [
      c("a negative value", () => new BoundedSemaphore(-1), RangeError),
      c("release() beyond the bound", () => new BoundedSemaphore(1).release(), InvalidStateError),
    ],
  },
  Event: {
    cases: [c("wait() with no running loop", () => new Event().wait(), EventLoopError, "rejects", "outside", noLoop)],
  },
  Condition: {
    cases: [
      c("a lock that is not a Lock", () => new Condition(5 as never), TypeError),
      c("wait() without holding the lock", () => new Condition().wait(), InvalidStateError, "throws", "task"),
      c("notify() without holding the lock", () => new Condition().notify(), InvalidStateError),
      c("notify(-1)", () => new Condition().notify(-1), RangeError),
      c("waitFor(non-function)", () => new Condition().waitFor(5 as never), TypeError),
    ],
  },
  Barrier: {
    cases: [
      c("no parties", () => new (Barrier as unknown as new () => object)(), TypeError),
      c("zero parties", () => new Barrier(0), RangeError),
      c("fractional parties", () => new Barrier(1.5), TypeError),
      c("wait() on an aborted barrier", () => {
        const barrier = new Barrier(2);
        barrier.abort();
        return barrier.wait();
      }, BrokenBarrierError, "rejects", "task"),
    ],
  },
  Queue: {
    cases: [
      c("options that are not an object", () => new Queue(5 as never), TypeError),
      c("a negative maxsize", () => new Queue({ maxsize: -1 }), RangeError),
      c("a string maxsize", () => new Queue({ maxsize: "1" as never }), TypeError),
      c("shutdown(non-boolean)", () => new Queue().shutdown("yes" as never), TypeError),
      c("taskDone() more times than items were put", () => new Queue().taskDone(), InvalidStateError),
      c("getNowait() on an empty queue", () => new Queue().getNowait(), QueueEmpty),
      c("putNowait() on a full queue", () => {
        const queue = new Queue<number>({ maxsize: 1 });
        queue.putNowait(1);
        queue.putNowait(2);
      }, QueueFull),
      c("put() after shutdown()", () => {
        const queue = new Queue<number>();
        queue.shutdown();
        return queue.put(1);
      }, QueueShutDown, "rejects", "task"),
    ],
  },
  LifoQueue: {
    cases: [
      c("options that are not an object", () => new LifoQueue(5 as never), TypeError),
      c("a fractional maxsize", () => new LifoQueue({ maxsize: 1.5 }), TypeError),
    ],
  },
  PriorityQueue: {
    cases: [
      c("a compare that is not a function", () => new PriorityQueue({ compare: 5 as never }), TypeError),
      c("a negative maxsize", () => new PriorityQueue({ maxsize: -1 }), RangeError),
      c("priorities of different kinds", () => {
        const queue = new PriorityQueue<unknown>();
        queue.putNowait(1);
        queue.putNowait("a");
      }, TypeError, "throws", "outside", /priorities of one kind/),
    ],
  },
  comparePriority: {
    cases: [
      c("a number and a string", () => comparePriority(1, "a"), TypeError),
      c("an array and a number", () => comparePriority([1], 1), TypeError),
    ],
  },
  QueueEmpty: errorClass("QueueEmpty", () => new QueueEmpty()),
  QueueFull: errorClass("QueueFull", () => new QueueFull()),
  QueueShutDown: errorClass("QueueShutDown", () => new QueueShutDown()),
  BrokenBarrierError: errorClass("BrokenBarrierError", () => new BrokenBarrierError()),

  // ---- @tsio/thread --------------------------------------------------------------------------
  toThread: {
    cases: [
      c("a non-function", () => toThread(5 as never), TypeError, "throws", "task"),
      c("a signal that is not an AbortSignal", () => toThread({ signal: 5 as never }, () => 1), TypeError, "throws", "task"),
      c("an executor that is not an Executor", () => toThread({ executor: 5 as never }, () => 1), TypeError, "throws", "task"),
      c("transfer that is not an array", () => toThread({ transfer: 5 as never }, () => 1), TypeError, "throws", "task"),
      c("no running loop", () => toThread(() => 1), EventLoopError),
    ],
  },
  runInExecutor: {
    cases: [
      c("an executor that is not an Executor", () => runInExecutor(5 as never, () => 1), TypeError, "throws", "task"),
      c("a non-function", () => runInExecutor(null, 5 as never), TypeError, "throws", "task"),
      c("no running loop", () => runInExecutor(null, () => 1), EventLoopError),
    ],
  },
  threadModule: {
    cases: [
      c("a url that is neither a URL nor a path", () => threadModule(5 as never), TypeError),
      c("a relative path", () => threadModule("./work.js"), TypeError, "throws", "outside", /relative/),
      c("options that are not an object", () => threadModule("file:///work.js", 5 as never), TypeError),
    ],
  },
  ThreadPool: {
    cases: [
      c("options that are not an object", () => new ThreadPool(5 as never), TypeError),
      c("maxThreads 0", () => new ThreadPool({ maxThreads: 0 }), RangeError),
      c("a negative minThreads", () => new ThreadPool({ minThreads: -1 }), RangeError),
      c("a negative maxQueue", () => new ThreadPool({ maxQueue: -1 }), RangeError),
      c("a string idleTimeout", () => new ThreadPool({ idleTimeout: "1s" as never }), TypeError),
    ],
  },
  getDefaultExecutor: {
    cases: [
      c("a loop that is not an EventLoop", () => getDefaultExecutor(5 as never), TypeError),
      c("no loop and none running", () => getDefaultExecutor(), EventLoopError),
    ],
  },
  setDefaultExecutor: {
    cases: [
      c("an executor that is not an Executor", () => setDefaultExecutor(5 as never), TypeError, "throws", "task"),
      c("a loop that is not an EventLoop", () => setDefaultExecutor({ run: () => Promise.resolve() }, 5 as never), TypeError),
    ],
  },
  transfer: { cases: [c("a value that is not a buffer", () => transfer(5 as never), TypeError)] },
  ThreadError: errorClass("ThreadError", () => new ThreadError("x")),
  ThreadPoolFullError: errorClass("ThreadPoolFullError", () => new tsio.ThreadPoolFullError(0)),
  WorkerCrashError: errorClass("WorkerCrashError", () => new tsio.WorkerCrashError("x", "exit")),
};

const exportedCallables = Object.entries(tsio)
  .filter(([, value]) => typeof value === "function")
  .map(([name]) => name)
  .sort();

/** Messages the engine writes when a library forgot to check its input. */
const UNCHECKED = /Cannot read propert|is not a function|weak map key|is not iterable|undefined \(reading/;

async function expectError(entry: Case): Promise<void> {
  if (entry.how === "throws") {
    let thrown: unknown;
    let returned: unknown;
    try {
      returned = entry.call();
    } catch (err) {
      thrown = err;
    }
    if (thrown === undefined && returned !== null && typeof (returned as PromiseLike<unknown>)?.then === "function") {
      // Not thrown at the call: keep the rejection from going unhandled before failing.
      await Promise.resolve(returned).catch(() => undefined);
    }
    expect(thrown, "thrown synchronously at the call").toBeInstanceOf(entry.error);
    const message = (thrown as Error).message;
    expect(message).not.toMatch(UNCHECKED);
    if (entry.message !== undefined) expect(message).toMatch(entry.message);
    return;
  }
  const result = entry.call() as PromiseLike<unknown>;
  expect(typeof result?.then, "returns a promise or future").toBe("function");
  const settled = await Promise.resolve(result).then(
    () => ({ rejected: false, reason: undefined as unknown }),
    (reason: unknown) => ({ rejected: true, reason }),
  );
  expect(settled.rejected, "rejects").toBe(true);
  expect(settled.reason).toBeInstanceOf(entry.error);
  expect((settled.reason as Error).message).not.toMatch(UNCHECKED);
  if (entry.message !== undefined) expect((settled.reason as Error).message).toMatch(entry.message);
}

describe("bad input gets a typed error at the call", () => {
  it("has a row for every function and class the umbrella exports", () => {
    expect(Object.keys(table).sort()).toEqual(exportedCallables);
  });

  for (const [api, row] of Object.entries(table)) {
    if ("none" in row) {
      it(`${api}: no invalid input (${row.none})`, () => row.check());
      continue;
    }
    for (const entry of row.cases) {
      it(`${api}: ${entry.input} -> ${entry.how} ${entry.error.name} (${entry.where === "task" ? "in a task" : "no loop"})`, async () => {
        if (entry.where === "outside") {
          await expectError(entry);
          return;
        }
        await run(() => expectError(entry), { handleSigint: false });
      });
    }
  }
});
