import { describe, expect } from "vitest";
import * as loopExports from "../src/index.js";
import {
  assertBoolean,
  assertDelay,
  assertFunction,
  assertTime,
  checkOptions,
  EventLoop,
  EventLoopError,
  Future,
  formatExceptionContext,
  getRunningLoop,
  Handle,
  InvalidStateError,
  MonotonicClock,
  readDeadline,
  readTimeout,
  setAwaitHook,
  setCancellationProbe,
  TimerHandle,
} from "../src/index.js";
import { delayRows, describeBadInput, type Entry, functionRows, type Row } from "./helpers/bad-input-table.js";

/** Runs `body` from a callback of a running loop (this package has no tasks). */
async function inLoop(body: () => Promise<void>): Promise<void> {
  const loop = new EventLoop();
  const done = loop.createFuture<void>();
  loop.callSoon(() => {
    body().then(
      () => done.setResult(),
      (err: unknown) => done.setException(err ?? new Error("rejected with undefined")),
    );
  });
  try {
    await loop.runUntilComplete(done);
  } finally {
    loop.close();
  }
}

const loop = () => new EventLoop();
const closed = () => {
  const l = new EventLoop();
  l.close();
  return l;
};
const noLoop = /no running event loop/;
const isClosed = /the event loop is closed; create a new one/;
const notAnObject: [string, unknown][] = [
  ["a number", 5],
  ["a string", "x"],
  ["null", null],
  ["an array", []],
  ["a promise", Promise.resolve({})],
];

const eventLoop: Row[] = [
  ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => new EventLoop(v as never), TypeError, /new EventLoop\(\) options must be an object like \{ clock, debug, slowCallbackMs \}/]),
  ["an unknown option", () => new EventLoop({ debgu: true } as never), TypeError, /unknown option "debgu": the options are clock, debug, slowCallbackMs/],
  ["an option in the wrong case", () => new EventLoop({ slow_callback_ms: 5 } as never), TypeError, /unknown option "slow_callback_ms" \(did you mean slowCallbackMs\?\)/],
  ["debug: \"no\"", () => new EventLoop({ debug: "no" as never }), TypeError, /\{ debug \}\): debug must be true or false, got the string "no"/],
  ["debug: 1", () => new EventLoop({ debug: 1 as never }), TypeError, /debug must be true or false/],
  ["a clock without now()/wait()", () => new EventLoop({ clock: {} as never }), TypeError, /clock must have now\(\) and wait\(deadline, wake\)/],
  ["a clock that is null", () => new EventLoop({ clock: null as never }), TypeError, /clock must have now\(\)/],
  ...(
    [
      ["a string", "1", TypeError],
      ["null", null, TypeError],
      ["negative", -1, RangeError],
      ["NaN", Number.NaN, RangeError],
      ["Infinity", Number.POSITIVE_INFINITY, RangeError],
    ] as const
  ).map(([what, v, type]): Row => [
    `a clock whose resolution is ${what}`,
    () => new EventLoop({ clock: { now: () => 0, wait: () => ({ cancel() {} }), resolution: v as never } }),
    type,
    /clock\.resolution must be a (finite )?number of milliseconds/,
  ]),
  ...delayRows("slowCallbackMs", (v) => new EventLoop({ slowCallbackMs: v as never }), /\{ slowCallbackMs \}\): slowCallbackMs must/).filter(
    ([label]) => !label.endsWith("undefined"),
  ),
  ...functionRows("callSoon(callback)", (f) => loop().callSoon(f as never), /callSoon\(callback\): callback must be a function/),
  ...functionRows("callSoonThreadsafe(callback)", (f) => loop().callSoonThreadsafe(f as never), /callback must be a function/),
  ...delayRows("callLater(delay)", (v) => loop().callLater(v as never, () => {}), /callLater\(delay\): delay must/),
  ...functionRows("callLater(1, callback)", (f) => loop().callLater(1, f as never), /callLater\(delay, callback\): callback must be a function/),
  ["callAt(NaN)", () => loop().callAt(Number.NaN, () => {}), RangeError, /callAt\(when\): when must be a loop time in milliseconds, got NaN/],
  ["callAt(Infinity)", () => loop().callAt(Number.POSITIVE_INFINITY, () => {}), RangeError, /callAt\(when\): when must be a finite loop time/],
  ["callAt(-Infinity)", () => loop().callAt(Number.NEGATIVE_INFINITY, () => {}), RangeError, /when must be a finite loop time/],
  ["callAt(a string)", () => loop().callAt("1" as never, () => {}), TypeError, /callAt\(when\): when must be a loop time/],
  ["callAt(null)", () => loop().callAt(null as never, () => {}), TypeError, /when must be a loop time/],
  ...functionRows("callAt(0, callback)", (f) => loop().callAt(0, f as never), /callAt\(when, callback\): callback must be a function/),
  ["callSoon on a closed loop", () => closed().callSoon(() => {}), EventLoopError, isClosed],
  ["callLater on a closed loop", () => closed().callLater(1, () => {}), EventLoopError, isClosed],
  ["callAt on a closed loop", () => closed().callAt(1, () => {}), EventLoopError, isClosed],
  ["createFuture on a closed loop", () => closed().createFuture(), EventLoopError, isClosed],
  ["addShutdownHook on a closed loop", () => closed().addShutdownHook(() => {}), EventLoopError, isClosed],
  ["runForever on a closed loop", () => closed().runForever(), EventLoopError, isClosed],
  ["runForever while another loop runs", () => loop().runForever(), EventLoopError, /Cannot run an event loop while another loop is running/, "loop"],
  ["runForever of the running loop", () => getRunningLoop().runForever(), EventLoopError, /already running: await its work/, "loop"],
  ["runUntilComplete(a promise)", () => loop().runUntilComplete(Promise.resolve(1) as never), TypeError, /takes a tsio Future; to run an async function use run\(main\)/],
  ["runUntilComplete(undefined)", () => loop().runUntilComplete(undefined as never), TypeError, /takes a tsio Future/],
  ["runUntilComplete(another loop's future)", () => loop().runUntilComplete(loop().createFuture()), EventLoopError, /belongs to a different loop .*not this one: run its own loop, or create the future on this one/],
  ["close() while running", () => getRunningLoop().close(), EventLoopError, /Cannot close a running event loop: stop it first/, "loop"],
  ["setExceptionHandler(a number)", () => loop().setExceptionHandler(5 as never), TypeError, /setExceptionHandler\(handler\): handler must be a function/],
  ["setExceptionHandler(undefined)", () => loop().setExceptionHandler(undefined as never), TypeError, /handler must be a function/],
  ["callExceptionHandler(null)", () => loop().callExceptionHandler(null as never), TypeError, /callExceptionHandler\(context\): context must be an object with a string message/],
  ["callExceptionHandler({})", () => loop().callExceptionHandler({} as never), TypeError, /context must be an object with a string message/],
  ["callExceptionHandler(a string)", () => loop().callExceptionHandler("oops" as never), TypeError, /context must be an object/],
  ["setDebug(\"no\")", () => loop().setDebug("no" as never), TypeError, /setDebug\(enabled\): enabled must be true or false/],
  ["setDebug(undefined)", () => loop().setDebug(undefined as never), TypeError, /enabled must be true or false/],
  ...delayRows("slowCallbackDuration =", (v) => {
    loop().slowCallbackDuration = v as never;
  }, /slowCallbackDuration must/),
  ...functionRows("addShutdownHook(hook)", (f) => loop().addShutdownHook(f as never), /addShutdownHook\(hook\): hook must be a function/),
  ["trackExternal(5)", () => loop().trackExternal(5 as never), TypeError, /trackExternal\(promise\): promise must be a promise \(or thenable\)/],
  ["trackExternal(null)", () => loop().trackExternal(null as never), TypeError, /promise must be a promise/],
  ["trackExternal(a function)", () => loop().trackExternal((() => {}) as never), TypeError, /promise must be a promise/],
];

const future: Row[] = [
  ["new Future() with no running loop", () => new Future(), EventLoopError, noLoop],
  ["new Future(a number)", () => new Future(5 as never), TypeError, /new Future\(loop\): loop must be an EventLoop \(or omitted for the running one\)/],
  ["new Future(null)", () => new Future(null as never), TypeError, /loop must be an EventLoop/],
  ["new Future(closed loop) through createFuture", () => closed().createFuture(), EventLoopError, isClosed],
  ...functionRows("addDoneCallback(fn)", (f) => loop().createFuture().addDoneCallback(f as never), /addDoneCallback\(fn\): fn must be a function/),
  ["addDoneCallback on a closed loop's done future", () => {
    const l = new EventLoop();
    const f = l.createFuture();
    f.setResult(1);
    l.close();
    f.addDoneCallback(() => {});
  }, EventLoopError, /addDoneCallback\(\): the event loop is closed/],
  ["setException(undefined)", () => loop().createFuture().setException(undefined), TypeError, /setException\(undefined\) is not allowed: pass an Error/],
  ["setResult() twice", () => {
    const f = loop().createFuture<number>();
    f.setResult(1);
    f.setResult(2);
  }, InvalidStateError, /setResult\(\) on a future that is already finished: a future completes once/],
  ["setException() after cancel()", () => {
    const f = loop().createFuture<number>();
    f.cancel();
    f.setException(new Error("late"));
  }, InvalidStateError, /already cancelled/],
  ["result() while pending", () => loop().createFuture().result(), InvalidStateError, /Result is not ready: the future is still pending/],
  ["exception() while pending", () => loop().createFuture().exception(), InvalidStateError, /Exception is not set: the future is still pending/],
  ["await another loop's future (an idle loop)", async () => {
    await loop().createFuture();
  }, EventLoopError, /belongs to another event loop .*Create it \(or start the task\) on the running loop/, "loop rejects"],
  ["await a closed loop's done future from another loop", async () => {
    const l = new EventLoop();
    const f = l.createFuture<number>();
    f.setResult(1);
    l.close();
    await f;
  }, EventLoopError, /belongs to another event loop/, "loop rejects"],
  ["then() on another loop's future", () => loop().createFuture().then(() => {}), EventLoopError, /belongs to another event loop/, "loop"],
];

const table: Record<string, Entry> = {
  EventLoop: eventLoop,
  Future: future,
  Handle: [
    ...functionRows("new Handle(callback)", (f) => new Handle(f as never, undefined, undefined, new EventLoop()), /new Handle\(callback\): callback must be a function/),
  ],
  TimerHandle: [
    ...functionRows("new TimerHandle(0, callback)", (f) => new TimerHandle(0, f as never, undefined, undefined, new EventLoop()), /callback must be a function/),
  ],
  MonotonicClock: [
    ["wait(NaN, wake)", () => new MonotonicClock().wait(Number.NaN, () => {}), RangeError, /wait\(deadline, wake\): deadline must be a loop time in milliseconds, got NaN/],
    ["wait(a string, wake)", () => new MonotonicClock().wait("1" as never, () => {}), TypeError, /deadline must be a loop time/],
    ["wait(null, wake)", () => new MonotonicClock().wait(null as never, () => {}), TypeError, /deadline must be a loop time/],
    ...functionRows("wait(0, wake)", (f) => new MonotonicClock().wait(0, f as never), /MonotonicClock\.wait\(deadline, wake\): wake must be a function/),
  ],
  getRunningLoop: [["a call with no running loop", () => getRunningLoop(), EventLoopError, /no running event loop: call this from code started by run\(main\)/]],
  tryGetRunningLoop: { none: "takes no arguments and returns null outside a loop", check: () => expect(loopExports.tryGetRunningLoop()).toBeNull() },
  setAwaitHook: functionRows("setAwaitHook(hook)", (f) => setAwaitHook(f as never), /setAwaitHook\(hook\): hook must be a function/).filter(([l]) => !l.endsWith("null")),
  setCancellationProbe: functionRows("setCancellationProbe(probe)", (f) => setCancellationProbe(f as never), /probe must be a function/).filter(
    ([l]) => !l.endsWith("null"),
  ),
  setOwnerProbe: functionRows("setOwnerProbe(probe)", (f) => loopExports.setOwnerProbe(f as never), /setOwnerProbe\(probe\): probe must be a function/).filter(([l]) => !l.endsWith("null")),
  currentOwner: { none: "takes no arguments; outside a task it returns null", check: () => expect(loopExports.currentOwner()).toBeNull() },
  describeAwaitable: { none: "describes any value; what tsio cannot see into is a foreign promise", check: () => expect(loopExports.describeAwaitable(5).kind).toBe("foreign") },
  cancellationPoint: { none: "takes no arguments; outside a task it does nothing", check: () => loopExports.cancellationPoint() },
  currentTurn: { none: "takes no arguments and returns the turn's number", check: () => expect(typeof loopExports.currentTurn()).toBe("number") },
  endTurnSoon: { none: "an internal flag argument (where the caller runs); any call just queues the turn's end", check: () => loopExports.endTurnSoon(true) },
  isFuture: { none: "a predicate: any value gives true or false", check: () => expect(loopExports.isFuture(5)).toBe(false) },
  assertDelay: delayRows("assertDelay", (v) => assertDelay(v, "sleep(ms): ms"), /sleep\(ms\): ms must/),
  assertFunction: functionRows("assertFunction", (f) => assertFunction(f, "fn"), /fn must be a function/),
  assertTime: [
    ["a string", () => assertTime("1", "when"), TypeError, /when must be a loop time in milliseconds/],
    ["NaN", () => assertTime(Number.NaN, "when"), RangeError, /when must be a loop time in milliseconds, got NaN/],
    ["Infinity", () => assertTime(Number.POSITIVE_INFINITY, "when"), RangeError, /when must be a finite loop time/],
  ],
  assertBoolean: [
    ["a string", () => assertBoolean("no", "debug"), TypeError, /debug must be true or false, got the string "no"/],
    ["undefined", () => assertBoolean(undefined, "debug"), TypeError, /debug must be true or false/],
  ],
  checkOptions: [
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => checkOptions(v as never, ["a"], "f()"), TypeError, /f\(\) options must be an object like \{ a \}/]),
    ["an unknown key, with a near miss", () => checkOptions({ return_when: 1 } as never, ["returnWhen"], "wait()"), TypeError, /wait\(\) got an unknown option "return_when" \(did you mean returnWhen\?\): the options are returnWhen/],
    ["a key where none are taken", () => checkOptions({ x: 1 } as never, [], "f()"), TypeError, /unknown option "x": it takes no options/],
  ],
  readTimeout: [
    ...delayRows("readTimeout", (v) => readTimeout(v, "timeout(ms): ms"), /timeout\(ms\): ms must/).filter(
      ([l]) => !l.endsWith("null") && !l.endsWith("undefined") && !l.endsWith("Infinity"),
    ),
    ["-Infinity", () => readTimeout(Number.NEGATIVE_INFINITY, "ms"), RangeError, /ms must not be negative/],
  ],
  readDeadline: [
    ["NaN", () => readDeadline(Number.NaN, "when"), RangeError, /when must be a loop time in milliseconds, got NaN/],
    ["-Infinity", () => readDeadline(Number.NEGATIVE_INFINITY, "when"), RangeError, /when must be a finite loop time/],
    ["a string", () => readDeadline("soon", "when"), TypeError, /when must be a loop time/],
  ],
  brandClass: [
    ["a class that is not a function", () => loopExports.brandClass(5 as never, "X"), TypeError, /brandClass\(cls, id\): cls must be a class, got number/],
    ["an empty id", () => loopExports.brandClass(class extends Error {}, ""), TypeError, /id must be a non-empty string naming the class/],
  ],
  shareAcrossCopies: [
    ["a protocol that is not a whole number", () => loopExports.shareAcrossCopies("x", 1.5, "file:///x.js", () => ({})), TypeError, /protocol must be a whole number >= 0, got number 1\.5/],
    ["a create that is not a function", () => loopExports.shareAcrossCopies("x", 1, "file:///x.js", 5 as never), TypeError, /create must be a function, got number 5/],
  ],
  describeValue: { none: "describes any value, symbols included", check: () => expect(loopExports.describeValue(Symbol("s"))).toContain("symbol") },
  formatExceptionContext: [
    ["null", () => formatExceptionContext(null as never), TypeError, /formatExceptionContext\(context\): context must be an object with a message string/],
    ["a context without a message", () => formatExceptionContext({} as never), TypeError, /context must be an object with a message string/],
  ],
  CancelledError: { none: "an error class: any message is fine", check: () => expect(new loopExports.CancelledError().name).toBe("CancelledError") },
  InvalidStateError: { none: "an error class: any message is fine", check: () => expect(new InvalidStateError("x").name).toBe("InvalidStateError") },
  TimeoutError: { none: "an error class: any message is fine", check: () => expect(new loopExports.TimeoutError().name).toBe("TimeoutError") },
  EventLoopError: { none: "an error class: any message is fine", check: () => expect(new EventLoopError("x").name).toBe("EventLoopError") },
};

describe("@tsio/loop: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(loopExports, table, inLoop);
});
