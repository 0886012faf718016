import { EventLoop, EventLoopError, type Future, getRunningLoop, InvalidStateError, TimeoutError } from "@tsio/loop";
import { afterAll, describe, expect, it } from "vitest";
import * as tasksExports from "../src/index.js";
import {
  allTasks,
  asCompleted,
  CancelScope,
  createTask,
  ensureFuture,
  failAfter,
  failAt,
  gather,
  moveOnAfter,
  moveOnAt,
  Runner,
  reportUnretrieved,
  run,
  setTaskObserver,
  shield,
  sleep,
  Task,
  TaskGroup,
  TaskGroupError,
  Timeout,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "../src/index.js";
import { delayRows, describeBadInput, type Entry, functionRows, type Row } from "./helpers/bad-input-table.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A task left pending on a Runner between runs (closed after the table). */
const between = new Runner({ clock: new VirtualClock() });
const { leftover } = await between.run(async () => ({ leftover: createTask(() => sleep(10)) }));

const inTask = (body: () => Promise<void>) => run(body, { clock: new VirtualClock(), handleSigint: false });
const fn = async (): Promise<number> => 1;
const noLoop = /no running event loop/;
const notAPromise = /not a promise/;
/** A future of a loop that is not running: every API of the running loop must refuse it. */
const foreign = (): Future<number> => new EventLoop().createFuture<number>();
const otherLoop = /belongs to a different event loop .*than the running one .*Create it \(or start the task\) on the running loop/;
const notAnObject: [string, unknown][] = [
  ["a number", 5],
  ["a string", "x"],
  ["null", null],
  ["a promise", Promise.resolve({})],
];
/** Rows for an `options` argument: not an object, and an unknown (near-miss) key. */
function optionRows(label: string, call: (options: unknown) => unknown, api: RegExp, near: [string, string], mode?: "loop"): Row[] {
  return [
    ...notAnObject.map(([what, v]): Row => [`${label} ${what}`, () => call(v), TypeError, new RegExp(`${api.source} options must be an object like`), mode]),
    [`${label} with the unknown key ${near[0]}`, () => call({ [near[0]]: 1 }), TypeError, new RegExp(`${api.source} got an unknown option "${near[0]}" \\(did you mean ${near[1]}\\?\\)`), mode],
  ];
}
/** Rows for where an awaitable goes: not awaitable, and a future of another loop. */
function awaitableRows(label: string, call: (aw: unknown) => unknown, api: string, where: string): Row[] {
  const at = `${api}\\(\\) ${where.replace(/[[\]]/g, "\\$&")}`;
  return [
    [`${label} a number`, () => call(5), TypeError, new RegExp(`${at} is not awaitable: got number 5`), "loop"],
    [`${label} null`, () => call(null), TypeError, new RegExp(`${at} is not awaitable: got null`), "loop"],
    [`${label} a plain object`, () => call({}), TypeError, new RegExp(`${at} is not awaitable: got an object. Pass a function`), "loop"],
    [`${label} a future of another loop`, () => call(foreign()), EventLoopError, otherLoop, "loop"],
  ];
}

const table: Record<string, Entry> = {
  createTask: [
    ["a promise instead of a function", () => createTask(fn() as never), TypeError, notAPromise, "loop"],
    ...functionRows("createTask(fn)", (f) => createTask(f as never), /createTask\(\) takes a function/, "loop").filter(([l]) => !l.endsWith("a promise")),
    ["a function with no running loop", () => createTask(fn), EventLoopError, noLoop],
    ...optionRows("createTask(fn, options)", (o) => createTask(fn, o as never), /createTask\(fn, options\)/, ["Name", "name"], "loop"),
  ],
  Task: [
    ["new Task(non-function, loop)", () => new Task(5 as never, new EventLoop()), TypeError, /fn must be a function; use createTask/],
    ["new Task(fn, a number)", () => new Task(fn, 5 as never), TypeError, /loop must be an EventLoop/],
    ["task.setResult()", () => createTask(fn).setResult(1), InvalidStateError, /Task does not support setResult\(\): a task's result is what its function returns/, "loop"],
    ["task.setException()", () => createTask(fn).setException(new Error("x")), InvalidStateError, /throw from the task's function instead/, "loop"],
    ["awaiting a task of a Runner between runs", async () => {
      await leftover;
    }, EventLoopError, /belongs to another event loop/, "loop rejects"],
  ],
  run: [
    ["a promise instead of a function", () => run(fn() as never), TypeError, notAPromise],
    ...functionRows("run(main)", (f) => run(f as never), /run\(\) takes a function that starts the work/).filter(([l]) => !l.endsWith("a promise")),
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => run(fn, v as never), TypeError, /Runner\/run\(\) options must be an object/]),
    ["a clock that is not a Clock", () => run(fn, { clock: 5 as never }), TypeError, /option clock must have now\(\) and wait\(deadline, wake\)/],
    ...delayRows("slowCallbackMs", (v) => run(fn, { slowCallbackMs: v as never }), /slowCallbackMs must/).filter(([l]) => !l.endsWith("undefined")),
    ["debug: \"no\"", () => run(fn, { debug: "no" as never }), TypeError, /debug must be true or false/],
    ["run() inside a running loop", () => run(fn), EventLoopError, /run\(\) cannot be called from a running event loop: await the async function/, "loop"],
    ["signals that are not an array", () => run(fn, { signals: "SIGINT" as never }), TypeError, /signals must be an array/],
    ["a signal name that is not one", () => run(fn, { signals: ["SIGNOPE" as never] }), TypeError, /not a signal/],
    ["SIGKILL, which no process can handle", () => run(fn, { signals: ["SIGKILL"] }), TypeError, /not a signal/],
    ["handleSigint: false with signals", () => run(fn, { handleSigint: false, signals: ["SIGTERM"] }), TypeError, /contradict/],
  ],
  Runner: [
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => new Runner(v as never), TypeError, /Runner\/run\(\) options must be an object/]),
    ["a clock without now()", () => new Runner({ clock: {} as never }), TypeError, /option clock must have now\(\)/],
    ["runner.run(a number)", () => new Runner().run(5 as never), TypeError, /run\(\) takes a function/],
    ["runner.run(fn, null)", () => new Runner().run(fn, null as never), TypeError, /runner\.run\(main, options\) options must be an object like \{ name \}, got null/],
    ["runner.run(fn, { nmae })", () => new Runner().run(fn, { nmae: "x" } as never), TypeError, /runner\.run\(main, options\) got an unknown option "nmae"/],
    ["runner.run() inside a running loop", () => new Runner().run(fn), EventLoopError, /cannot be called from a running event loop/, "loop"],
    ["runner.createTask(a number)", () => new Runner().createTask(5 as never), TypeError, /runner\.createTask\(\) takes a function/],
    ...optionRows("runner.createTask(fn, options)", (o) => new Runner().createTask(fn, o as never), /runner\.createTask\(fn, options\)/, ["Name", "name"]),
    ["getLoop() after close()", () => {
      const runner = new Runner();
      void runner.close();
      runner.getLoop();
    }, EventLoopError, /Runner is closed: create a new Runner/],
  ],
  sleep: [...delayRows("sleep(ms)", (v) => sleep(v as never), /sleep\(ms\): ms must/, "loop"), ["no running loop", () => sleep(1), EventLoopError, noLoop]],
  currentTask: { none: "takes no arguments and returns null outside a task", check: () => expect(tasksExports.currentTask()).toBeNull() },
  allTasks: [
    ["a number", () => allTasks(5 as never), TypeError, /allTasks\(loop\): loop must be an EventLoop, got number 5/],
    ["null", () => allTasks(null as never), TypeError, /loop must be an EventLoop, got null/],
    ["no loop and none running", () => allTasks(), EventLoopError, noLoop],
  ],
  reportUnretrieved: [
    ["a number", () => reportUnretrieved(5 as never), TypeError, /reportUnretrieved\(loop\): loop must be an EventLoop/],
    ["undefined", () => reportUnretrieved(undefined as never), TypeError, /loop must be an EventLoop/],
  ],
  setTaskObserver: [
    ["a number", () => setTaskObserver(5 as never), TypeError, /setTaskObserver\(observer\): observer must be an object with created\/started\/done methods or null/],
    ["created that is not a function", () => setTaskObserver({ created: 5 as never }), TypeError, /observer\.created must be a function when given/],
  ],
  KeyboardInterrupt: { none: "an error class: any message is fine", check: () => expect(new tasksExports.KeyboardInterrupt().name).toBe("KeyboardInterrupt") },
  SignalInterrupt: [
    ["a number instead of a signal name", () => new tasksExports.SignalInterrupt(5 as never), TypeError, /new SignalInterrupt\(signal\): signal must be a signal name like "SIGTERM", got number 5/],
    ["no signal", () => new (tasksExports.SignalInterrupt as unknown as new () => Error)(), TypeError, /signal must be a signal name/],
  ],
  retry: [
    ["a promise instead of the function", () => tasksExports.retry(Promise.resolve() as never), TypeError, /retry\(fn, options\): fn must be a function, got a promise/, "loop"],
    ["attempts: 0", () => tasksExports.retry(fn, { attempts: 0 }), RangeError, /attempts must be at least 1 \(the first try counts\)/, "loop"],
    ["a backoff that is not a function", () => tasksExports.retry(fn, { backoff: 100 as never }), TypeError, /backoff must be a function, got number 100/, "loop"],
    ...optionRows("retry(fn, options)", (o) => tasksExports.retry(fn, o as never), /retry\(fn, options\)/, ["Attempts", "attempts"], "loop"),
    ["no running loop", () => tasksExports.retry(fn), EventLoopError, noLoop],
  ],
  retryErrors: { none: "reads any value: undefined for one retry() did not throw", check: () => expect(tasksExports.retryErrors(5)).toBeUndefined() },
  exponential: [
    ["a negative baseMs", () => tasksExports.exponential({ baseMs: -1 }), RangeError, /exponential\(\{ baseMs \}\): baseMs must not be negative/],
    ["a factor below 1", () => tasksExports.exponential({ factor: 0.5 }), RangeError, /factor must be between 1 and Infinity, got 0\.5/],
    ["jitter above 1", () => tasksExports.exponential({ jitter: 2 }), RangeError, /jitter must be between 0 and 1, got 2/],
    ["jitter as a string", () => tasksExports.exponential({ jitter: "full" as never }), TypeError, /jitter must be a number, got the string "full"/],
    ...optionRows("exponential(options)", (o) => tasksExports.exponential(o as never), /exponential\(options\)/, ["basems", "baseMs"]),
  ],
  fixed: [
    ["a negative delay", () => tasksExports.fixed(-1), RangeError, /fixed\(ms\): ms must not be negative/],
    ["a string delay", () => tasksExports.fixed("5" as never), TypeError, /fixed\(ms\): ms must be a number of milliseconds/],
  ],
  TaskGroupError: [["errors that are not iterable", () => new TaskGroupError(5 as never), TypeError, /errors must be/]],
  gather: [
    ...awaitableRows("gather(aw, fn):", (aw) => gather(aw as never, fn), "gather", "argument 1"),
    ...awaitableRows("gather([..., aw]):", (aw) => gather([fn, aw] as never), "gather", "awaitables[1]"),
    ["an array among the arguments", () => gather(fn, [fn] as never), TypeError, /To pass an array, make it the only argument: gather\(array\)/, "loop"],
    ...optionRows("gather(array, options)", (o) => gather([fn], o as never), /gather\(\)/, ["return_exceptions", "returnExceptions"], "loop").filter(
      ([l]) => !l.includes("a string") && !l.includes("a promise"),
    ),
    ["returnExceptions: \"yes\"", () => gather([fn], { returnExceptions: "yes" } as never), TypeError, /gather\(\) option returnExceptions must be true or false/, "loop"],
    ["no running loop", () => gather(fn), EventLoopError, noLoop],
  ],
  wait: [
    ["a single awaitable instead of an array", () => wait(fn as never), TypeError, /wait\(\) takes an array \(or iterable\) of awaitables, got function fn. Write wait\(\[a, b\]\)/, "loop"],
    ["an empty array", () => wait([]), RangeError, /wait\(\) needs at least one awaitable/, "loop"],
    ...awaitableRows("wait([..., aw]):", (aw) => wait([fn, aw] as never), "wait", "awaitables[1]"),
    ...delayRows("timeout:", (v) => wait([fn], { timeout: v as never }), /wait\(\) option timeout must/, "loop").filter(
      ([l]) => !l.endsWith("null") && !l.endsWith("undefined") && !l.endsWith("Infinity"),
    ),
    ["returnWhen: \"SOON\"", () => wait([fn], { returnWhen: "SOON" as never }), TypeError, /option returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED/, "loop"],
    ...optionRows("wait(aws, options)", (o) => wait([fn], o as never), /wait\(\)/, ["return_when", "returnWhen"], "loop"),
    ["no running loop", () => wait([fn]), EventLoopError, noLoop],
  ],
  asCompleted: [
    ["a number instead of an array", () => asCompleted(5 as never), TypeError, /asCompleted\(\) takes an array \(or iterable\) of awaitables/, "loop"],
    ...awaitableRows("asCompleted([aw]):", (aw) => asCompleted([aw] as never), "asCompleted", "awaitables[0]"),
    ...delayRows("timeout:", (v) => asCompleted([fn], { timeout: v as never }), /asCompleted\(\) option timeout must/, "loop").filter(
      ([l]) => !l.endsWith("null") && !l.endsWith("undefined") && !l.endsWith("Infinity"),
    ),
    ...optionRows("asCompleted(aws, options)", (o) => asCompleted([fn], o as never), /asCompleted\(\)/, ["Timeout", "timeout"], "loop"),
    ["no running loop", () => asCompleted([fn]), EventLoopError, noLoop],
  ],
  waitFor: [
    ...awaitableRows("waitFor(aw, 10):", (aw) => waitFor(aw as never, 10), "waitFor", "argument 1"),
    ...delayRows("waitFor(fn, ms):", (v) => waitFor(fn, v as never), /waitFor\(awaitable, ms\): ms must/, "loop").filter(
      ([l]) => !l.endsWith("null") && !l.endsWith("undefined") && !l.endsWith("Infinity"),
    ),
    ["a timeout outside any task", () => {
      let thrown: unknown;
      getRunningLoop().callSoon(() => {
        try {
          void waitFor(fn, 10);
        } catch (err) {
          thrown = err;
        }
      });
      return sleep(0).then(() => {
        throw thrown;
      });
    }, EventLoopError, /waitFor\(\) must be used inside a task/, "loop rejects"],
    ["no running loop", () => waitFor(fn, 10), EventLoopError, noLoop],
  ],
  timeout: [
    ...delayRows("timeout(ms):", (v) => timeout(v as never), /timeout\(ms\): ms must/, "loop").filter(
      ([l]) => !l.endsWith("null") && !l.endsWith("undefined") && !l.endsWith("Infinity"),
    ),
    ...functionRows("timeout(10, fn):", (f) => timeout(10, f as never), /timeout\(ms, fn\): fn must be a function/, "loop").filter(([l]) => !l.endsWith("undefined")),
    ["reschedule(NaN)", () => timeout(10).reschedule(Number.NaN), RangeError, /reschedule\(when\): when must be a loop time in milliseconds, got NaN/, "loop"],
    ["reschedule(-Infinity)", () => timeout(10).reschedule(Number.NEGATIVE_INFINITY), RangeError, /reschedule\(when\): when must be a finite loop time/, "loop"],
    ["no running loop", () => timeout(10), EventLoopError, noLoop],
  ],
  timeoutAt: [
    ["a string deadline", () => timeoutAt("soon" as never), TypeError, /timeoutAt\(when\): when must be a loop time in milliseconds, got the string "soon"/, "loop"],
    ["NaN", () => timeoutAt(Number.NaN), RangeError, /timeoutAt\(when\): when must be a loop time in milliseconds, got NaN/, "loop"],
    ["-Infinity", () => timeoutAt(Number.NEGATIVE_INFINITY), RangeError, /when must be a finite loop time/, "loop"],
    ["no running loop", () => timeoutAt(10), EventLoopError, noLoop],
  ],
  Timeout: [
    ["constructing one directly", () => new Timeout(5, null as never, null as never), TypeError, /use timeout\(ms\) or timeoutAt\(when\) inside a task/],
    ["reschedule() after the scope ended", async () => {
      const t = await timeout(10, async (scope) => scope);
      t.reschedule(100);
    }, InvalidStateError, /Cannot reschedule a timeout that has finished/, "loop rejects"],
  ],
  shield: [
    ["a number", () => shield(5 as never), TypeError, /shield\(\) argument 1 is not awaitable: got number 5/, "loop"],
    ["undefined", () => shield(undefined as never), TypeError, /shield\(\) argument 1 is not awaitable: got undefined/, "loop"],
    ["awaiting a shielded future of another loop", async () => {
      await shield(foreign());
    }, EventLoopError, /belongs to another event loop/, "loop rejects"],
    ["a function with no running loop", () => shield(fn), EventLoopError, noLoop],
  ],
  ensureFuture: [
    ["a number", () => ensureFuture(5 as never), TypeError, /ensureFuture\(\) argument 1 is not awaitable/],
    ["a loop that is not an EventLoop", () => ensureFuture(fn, 5 as never), TypeError, /loop must be an EventLoop/, "loop"],
    ["a function with no running loop", () => ensureFuture(fn), EventLoopError, noLoop],
  ],
  taskGroup: [
    ...functionRows("taskGroup(body):", (f) => taskGroup(f as never), /taskGroup\(body\): body must be a function/, "loop"),
    ["no running loop", () => taskGroup(async () => {}), EventLoopError, noLoop],
  ],
  TaskGroup: [
    ["opening one outside a loop", () => new TaskGroup(), EventLoopError, noLoop],
    ["opening one in a plain callback", () => {
      let thrown: unknown;
      getRunningLoop().callSoon(() => {
        try {
          new TaskGroup();
        } catch (err) {
          thrown = err;
        }
      });
      return sleep(0).then(() => {
        throw thrown;
      });
    }, EventLoopError, /A TaskGroup must be opened inside a task/, "loop rejects"],
    ["group.createTask(promise)", () => new TaskGroup().createTask(fn() as never), TypeError, notAPromise, "loop"],
    ["group.createTask(fn, \"name\")", () => new TaskGroup().createTask(fn, "worker" as never), TypeError, /group\.createTask\(fn, options\) options must be an object like \{ name \}, got the string "worker"/, "loop"],
    ["group.createTask(fn, null)", () => new TaskGroup().createTask(fn, null as never), TypeError, /group\.createTask\(fn, options\) options must be an object like \{ name \}, got null/, "loop"],
    ["group.createTask(fn, { nmae })", () => new TaskGroup().createTask(fn, { nmae: "x" } as never), TypeError, /unknown option "nmae": the options are name/, "loop"],
    ["group.createTask() after the group finished", async () => {
      let group!: TaskGroup;
      await taskGroup(async (g) => {
        group = g;
      });
      group.createTask(fn);
    }, InvalidStateError, /This TaskGroup is finished: start tasks while its scope is still open/, "loop rejects"],
    ...functionRows("group.start(fn):", (f) => new TaskGroup().start(f as never), /group\.start\(\) takes a function/, "loop").filter(([l]) => !l.endsWith("a promise")),
    ["group.start(promise)", () => new TaskGroup().start(fn() as never), TypeError, notAPromise, "loop"],
    ["group.start(fn, { nmae })", () => new TaskGroup().start(fn, { nmae: "x" } as never), TypeError, /group\.createTask\(fn, options\) got an unknown option "nmae"/, "loop"],
    ["group.cancel(a number)", () => new TaskGroup().cancel(5 as never), TypeError, /group\.cancel\(reason\): reason must be a string when given, got number/, "loop"],
  ],
  CancelScope: [
    ["opening one outside a loop", () => new CancelScope(), EventLoopError, noLoop],
    ["opening one in a plain callback", () => {
      let thrown: unknown;
      getRunningLoop().callSoon(() => {
        try {
          new CancelScope();
        } catch (err) {
          thrown = err;
        }
      });
      return sleep(0).then(() => {
        throw thrown;
      });
    }, EventLoopError, /A CancelScope must be opened inside a task/, "loop rejects"],
    ...optionRows("new CancelScope(options)", (o) => new CancelScope(o as never), /new CancelScope\(options\)/, ["Deadline", "deadline"], "loop"),
    ["deadline: NaN", () => new CancelScope({ deadline: Number.NaN }), RangeError, /new CancelScope\(\{ deadline \}\) must be a loop time in milliseconds, got NaN/, "loop"],
    ["deadline: -Infinity", () => new CancelScope({ deadline: Number.NEGATIVE_INFINITY }), RangeError, /deadline \}\) must be a finite loop time/, "loop"],
    ["deadline: a string", () => new CancelScope({ deadline: "soon" as never }), TypeError, /deadline \}\) must be a loop time in milliseconds, got the string "soon"/, "loop"],
    ["deadline: null", () => new CancelScope({ deadline: null as never }), TypeError, /deadline \}\) must be a loop time in ms \(or Infinity for none\), got null/, "loop"],
    ["shield: \"yes\"", () => new CancelScope({ shield: "yes" as never }), TypeError, /new CancelScope\(\{ shield \}\): shield must be true or false/, "loop"],
    ["scope.deadline = NaN", () => {
      new CancelScope().deadline = Number.NaN;
    }, RangeError, /scope\.deadline must be a loop time in milliseconds, got NaN/, "loop"],
    ["scope.shield = 1", () => {
      new CancelScope().shield = 1 as never;
    }, TypeError, /scope\.shield must be true or false/, "loop"],
    ["scope.cancel(a number)", () => new CancelScope().cancel(5 as never), TypeError, /scope\.cancel\(reason\): reason must be a string when given, got number 5/, "loop"],
    ...functionRows("scope.run(fn):", (f) => new CancelScope().run(f as never), /scope\.run\(fn\): fn must be a function/, "loop"),
    ["scope.run() twice", () => {
      const scope = new CancelScope();
      void scope.run(fn);
      return scope.run(fn);
    }, InvalidStateError, /this CancelScope is already running; open a new one/, "loop"],
    ["scope.run() after it exited", async () => {
      const scope = new CancelScope();
      await scope.run(fn);
      return scope.run(fn);
    }, InvalidStateError, /this CancelScope has exited; open a new one/, "loop rejects"],
    ["exiting out of order", async () => {
      const outer = new CancelScope();
      const inner = new CancelScope();
      try {
        await outer[Symbol.asyncDispose]();
      } finally {
        await inner[Symbol.asyncDispose]();
        await outer[Symbol.asyncDispose]();
      }
    }, InvalidStateError, /cancel scopes must exit in the reverse order they were opened/, "loop rejects"],
    ["scope.run() from another task", async () => {
      const scope = new CancelScope();
      try {
        await createTask(() => scope.run(fn));
      } finally {
        await scope[Symbol.asyncDispose]();
      }
    }, InvalidStateError, /run a CancelScope in the task that opened it/, "loop rejects"],
  ],
  moveOnAfter: [
    ...delayRows("moveOnAfter(ms, fn):", (v) => moveOnAfter(v as never, fn), /moveOnAfter\(ms, fn\): ms must/, "loop").filter(([l]) => !l.endsWith("Infinity")),
    ...functionRows("moveOnAfter(10, fn):", (f) => moveOnAfter(10, f as never), /moveOnAfter\(ms, fn\): fn must be a function/, "loop"),
    ["outside a loop", () => moveOnAfter(10, fn), EventLoopError, noLoop],
  ],
  moveOnAt: [
    ["NaN", () => moveOnAt(Number.NaN, fn), RangeError, /moveOnAt\(when, fn\): when must be a loop time in milliseconds, got NaN/, "loop"],
    ["undefined", () => moveOnAt(undefined as never, fn), TypeError, /moveOnAt\(when, fn\): when must be a loop time in ms \(or Infinity for none\)/, "loop"],
    ...functionRows("moveOnAt(10, fn):", (f) => moveOnAt(10, f as never), /moveOnAt\(when, fn\): fn must be a function/, "loop"),
    ["outside a loop", () => moveOnAt(10, fn), EventLoopError, noLoop],
  ],
  failAfter: [
    ...delayRows("failAfter(ms, fn):", (v) => failAfter(v as never, fn), /failAfter\(ms, fn\): ms must/, "loop").filter(([l]) => !l.endsWith("Infinity")),
    ...functionRows("failAfter(10, fn):", (f) => failAfter(10, f as never), /failAfter\(ms, fn\): fn must be a function/, "loop"),
    ["outside a loop", () => failAfter(10, fn), EventLoopError, noLoop],
  ],
  failAt: [
    ["-Infinity", () => failAt(Number.NEGATIVE_INFINITY, fn), RangeError, /failAt\(when, fn\): when must be a finite loop time/, "loop"],
    ["a string", () => failAt("soon" as never, fn), TypeError, /failAt\(when, fn\): when must be a loop time in milliseconds/, "loop"],
    ...functionRows("failAt(10, fn):", (f) => failAt(10, f as never), /failAt\(when, fn\): fn must be a function/, "loop"),
    ["outside a loop", () => failAt(10, fn), EventLoopError, noLoop],
  ],
  CancelledError: { none: "an error class: any message is fine", check: () => expect(new tasksExports.CancelledError().name).toBe("CancelledError") },
  InvalidStateError: { none: "an error class: any message is fine", check: () => expect(new InvalidStateError("x").name).toBe("InvalidStateError") },
  TimeoutError: { none: "an error class: any message is fine", check: () => expect(new TimeoutError().name).toBe("TimeoutError") },
  EventLoopError: { none: "an error class: any message is fine", check: () => expect(new EventLoopError("x").name).toBe("EventLoopError") },
  getRunningLoop: [["a call with no running loop", () => getRunningLoop(), EventLoopError, noLoop]],
  captureCallGraph: [
    ["a number", () => tasksExports.captureCallGraph(5 as never), TypeError, /captureCallGraph\(task\): task must be a Task \(or omitted for every task of the running loop\), got number 5/],
    ["a plain future", () => tasksExports.captureCallGraph(getRunningLoop().createFuture() as never), TypeError, /task must be a Task/, "loop"],
    ["no task and no running loop", () => tasksExports.captureCallGraph(), EventLoopError, noLoop],
  ],
  printCallGraph: [
    ["a number", () => tasksExports.printCallGraph(5 as never), TypeError, /captureCallGraph\(task\): task must be a Task/],
    ["no task and no running loop", () => tasksExports.printCallGraph(), EventLoopError, noLoop],
  ],
  formatCallGraph: [
    ["null", () => tasksExports.formatCallGraph(null as never), TypeError, /formatCallGraph\(graph\): graph must be what captureCallGraph\(\) returned, got null/],
    ["an object without tasks", () => tasksExports.formatCallGraph({ roots: [] } as never), TypeError, /graph must be what captureCallGraph\(\) returned/],
  ],
  formatAwaiting: [
    ["a string", () => tasksExports.formatAwaiting("lock" as never, 0), TypeError, /formatAwaiting\(awaiting, now\): awaiting must be a task's awaiting entry/],
    ["NaN for now", () => tasksExports.formatAwaiting({ kind: "lock", label: "", tasks: [] }, Number.NaN), TypeError, /now must be a loop time in ms/],
  ],
  DeadlockError: [["a graph that is not one", () => new tasksExports.DeadlockError(5 as never), TypeError, /formatCallGraph\(graph\): graph must be what captureCallGraph\(\) returned/]],
};

describe("@tsio/tasks: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(tasksExports, table, inTask);
  afterAll(() => between.close());

  it("a bad awaitable starts nothing: every item is checked before the first child starts", async () => {
    await inTask(async () => {
      let started = false;
      const first = () => {
        started = true;
      };
      expect(() => gather(first, 5 as never)).toThrow(TypeError);
      expect(() => wait([first, 5] as never)).toThrow(TypeError);
      await sleep(1);
      expect(started).toBe(false);
    });
  });

  it("group.createTask(fn, { name }) keeps the name", async () => {
    await inTask(() => taskGroup(async (g) => expect(g.createTask(fn, { name: "worker" }).getName()).toBe("worker")));
  });
});
