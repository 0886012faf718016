import { EventLoop, EventLoopError, InvalidStateError } from "@tsio/loop";
import { Runner, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import * as testingExports from "../src/index.js";
import { checkLeaks, getVirtualClock, installFakeGlobals, LoopTestError, runLoopTest, runVirtual, TaskTrace, VirtualClock } from "../src/index.js";
import { delayRows, describeBadInput, type Entry, functionRows, type Row } from "./helpers/bad-input-table.js";

const inTask = (body: () => Promise<void>) => runVirtual(body);
const main = async (): Promise<number> => 1;
const notAnObject: [string, unknown][] = [
  ["a number", 5],
  ["null", null],
  ["a string", "x"],
];
/** A loop on a virtual clock, closed: enough for argument checks. */
function virtualLoop(): { loop: EventLoop; clock: VirtualClock } {
  const clock = new VirtualClock();
  return { loop: new EventLoop({ clock }), clock };
}

const table: Record<string, Entry> = {
  VirtualClock: [
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => new VirtualClock(v as never), TypeError, /new VirtualClock\(\) options must be an object like \{ start, autojump, autojumpThreshold \}/]),
    ["an unknown option", () => new VirtualClock({ auto_jump: false } as never), TypeError, /got an unknown option "auto_jump" \(did you mean autojump\?\)/],
    ["start NaN", () => new VirtualClock({ start: Number.NaN }), RangeError, /VirtualClock options\.start must be a loop time in milliseconds, got NaN/],
    ["start Infinity", () => new VirtualClock({ start: Number.POSITIVE_INFINITY }), RangeError, /options\.start must be a finite loop time/],
    ["start a string", () => new VirtualClock({ start: "0" as never }), TypeError, /options\.start must be a loop time/],
    ["autojump \"yes\"", () => new VirtualClock({ autojump: "yes" as never }), TypeError, /VirtualClock options\.autojump must be true or false/],
    ...delayRows("autojumpThreshold", (v) => new VirtualClock({ autojumpThreshold: v as never }), /VirtualClock options\.autojumpThreshold must/).filter(
      ([l]) => !l.endsWith("undefined"),
    ),
    ...delayRows("advance(ms):", (v) => new VirtualClock().advance(v as never), /VirtualClock\.advance\(ms\): ms must/),
    ["advanceTo(NaN)", () => new VirtualClock().advanceTo(Number.NaN), RangeError, /VirtualClock\.advanceTo\(time\): time must be a loop time in milliseconds, got NaN/],
    ["advanceTo(Infinity)", () => new VirtualClock().advanceTo(Number.POSITIVE_INFINITY), RangeError, /advanceTo\(time\): time must be a finite loop time/],
    ["advanceTo(an earlier time)", () => new VirtualClock({ start: 500 }).advanceTo(499), RangeError, /earlier than the clock's current time 500; virtual time never goes backwards/],
    ["autojump = 1", () => {
      new VirtualClock().autojump = 1 as never;
    }, TypeError, /VirtualClock\.autojump must be true or false/],
    ...delayRows("autojumpThreshold =", (v) => {
      new VirtualClock().autojumpThreshold = v as never;
    }, /VirtualClock\.autojumpThreshold must/),
    ...functionRows("onTimeChange(listener):", (f) => new VirtualClock().onTimeChange(f as never), /VirtualClock\.onTimeChange\(listener\): listener must be a function/),
    ["wait(0, 42)", () => new VirtualClock().wait(0, 42 as never), TypeError, /VirtualClock\.wait\(deadline, wake\): wake must be a function, got number 42/],
    ["wait(NaN, wake)", () => new VirtualClock().wait(Number.NaN, () => {}), RangeError, /wait\(deadline, wake\): deadline must be a loop time in milliseconds, got NaN/],
    ["wait(a string, wake)", () => new VirtualClock().wait("1" as never, () => {}), TypeError, /deadline must be a loop time/],
    ["driving a second loop", () => {
      const clock = new VirtualClock();
      new EventLoop({ clock });
      new EventLoop({ clock });
    }, InvalidStateError, /already drives another event loop: create one VirtualClock per loop/],
  ],
  getVirtualClock: [
    ["null", () => getVirtualClock(null as never), TypeError, /getVirtualClock\(loop\): loop must be an EventLoop \(or omitted for the running one\), got null/],
    ["a number", () => getVirtualClock(5 as never), TypeError, /loop must be an EventLoop/],
    ["a loop on the real clock", () => getVirtualClock(new EventLoop()), TypeError, /not a VirtualClock; start it with runVirtual\(\)/],
    ["no loop and none running", () => getVirtualClock(), EventLoopError, /no running event loop/],
  ],
  checkLeaks: [
    ["null", () => checkLeaks(null as never), TypeError, /checkLeaks\(loop\): loop must be an EventLoop, got null/],
    ["a number", () => checkLeaks(5 as never), TypeError, /checkLeaks\(loop\): loop must be an EventLoop/],
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => checkLeaks(new EventLoop(), v as never), TypeError, /checkLeaks\(loop, options\) options must be an object like \{ timers, fakeGlobals \}/]),
    ["an unknown option", () => checkLeaks(new EventLoop(), { timer: false } as never), TypeError, /unknown option "timer": the options are timers, fakeGlobals/],
    ["timers \"no\"", () => checkLeaks(new EventLoop(), { timers: "no" as never }), TypeError, /options\.timers must be true or false/],
    ["fakeGlobals that is not what installFakeGlobals returned", () => checkLeaks(new EventLoop(), { fakeGlobals: 5 as never }), TypeError, /options\.fakeGlobals must be what installFakeGlobals\(\) returned/],
  ],
  installFakeGlobals: [
    ["a null loop", () => installFakeGlobals(null as never, new VirtualClock()), TypeError, /installFakeGlobals\(loop, clock\): loop must be an EventLoop, got null/],
    ["a null clock", () => installFakeGlobals(virtualLoop().loop, null as never), TypeError, /installFakeGlobals\(loop, clock\): clock must be the clock that drives loop \(its VirtualClock\), got null/],
    ["another clock", () => installFakeGlobals(virtualLoop().loop, new VirtualClock()), TypeError, /clock must be the clock that drives loop/],
    ...notAnObject.map(([what, v]): Row => {
      return [`options ${what}`, () => {
        const { loop, clock } = virtualLoop();
        installFakeGlobals(loop, clock, v as never);
      }, TypeError, /installFakeGlobals\(loop, clock, options\) options must be an object like \{ now \}/];
    }),
    ["an unknown option", () => {
      const { loop, clock } = virtualLoop();
      installFakeGlobals(loop, clock, { date: 0 } as never);
    }, TypeError, /unknown option "date": the options are now/],
    ["now NaN", () => {
      const { loop, clock } = virtualLoop();
      installFakeGlobals(loop, clock, { now: Number.NaN });
    }, TypeError, /fakeGlobals\.now must be a Date or a finite number of ms since the epoch/],
  ],
  runVirtual: [
    ...functionRows("runVirtual(main):", (f) => runVirtual(f as never), /runVirtual\(main\): main must be a function/),
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => runVirtual(main, v as never), TypeError, /runVirtual\(main, options\) options must be an object like \{ clock, start/]),
    ["an unknown option", () => runVirtual(main, { fake_globals: true } as never), TypeError, /unknown option "fake_globals" \(did you mean fakeGlobals\?\)/],
    ["trace: null", () => runVirtual(main, { trace: null as never }), TypeError, /runVirtual\(main, options\): options\.trace must be a TaskTrace \(new TaskTrace\(\)\), got null/],
    ["trace: true", () => runVirtual(main, { trace: true as never }), TypeError, /options\.trace must be a TaskTrace/],
    ["fakeGlobals: null", () => runVirtual(main, { fakeGlobals: null as never }), TypeError, /runVirtual\(main, options\): options\.fakeGlobals must be true, false or an object like \{ now \}/],
    ["clock that is not a VirtualClock", () => runVirtual(main, { clock: {} as never }), TypeError, /runVirtual options\.clock must be a VirtualClock/],
    ["clock and start together", () => runVirtual(main, { clock: new VirtualClock(), start: 5 }), TypeError, /pass either options\.clock or start\/autojump\/autojumpThreshold, not both/],
    ["debug \"no\"", () => runVirtual(main, { debug: "no" as never }), TypeError, /debug must be true or false/],
    ["inside a running loop", () => runVirtual(main), EventLoopError, /runVirtual\(\) cannot be called from a running event loop/, "loop"],
  ],
  runLoopTest: [
    ...functionRows("runLoopTest(fn):", (f) => runLoopTest(f as never), /runLoopTest\(fn\): fn must be a function \(the test body\)/, "rejects"),
    ...notAnObject.map(([what, v]): Row => [`options ${what}`, () => runLoopTest(main, v as never), TypeError, /runLoopTest\(fn, options\) options must be an object like/, "rejects"]),
    ["an unknown option", () => runLoopTest(main, { check_timers: false } as never), TypeError, /unknown option "check_timers" \(did you mean checkTimers\?\)/, "rejects"],
    ["trace: null", () => runLoopTest(main, { trace: null as never }), TypeError, /runLoopTest\(fn, options\): options\.trace must be true, false or a TaskTrace, got null/, "rejects"],
    ["fakeGlobals: null", () => runLoopTest(main, { fakeGlobals: null as never }), TypeError, /runLoopTest\(fn, options\): options\.fakeGlobals must be true, false or an object/, "rejects"],
    ["checkTimers \"no\"", () => runLoopTest(main, { checkTimers: "no" as never }), TypeError, /options\.checkTimers must be true or false/, "rejects"],
    ...delayRows("maxBlockingMs", (v) => runLoopTest(main, { maxBlockingMs: v as never }), /loopTest options\.maxBlockingMs must/, "rejects").filter(
      ([l]) => !l.endsWith("undefined"),
    ),
  ],
  TaskTrace: [
    ["start(\"loop\")", () => new TaskTrace().start("loop" as never), TypeError, /TaskTrace\.start\(loop\): loop must be an EventLoop \(or omitted to record every loop\), got the string "loop"/],
    ["start(null)", () => new TaskTrace().start(null as never), TypeError, /TaskTrace\.start\(loop\): loop must be an EventLoop/],
    ["start() twice", () => {
      const trace = new TaskTrace().start();
      try {
        trace.start();
      } finally {
        trace.stop();
      }
    }, InvalidStateError, /This TaskTrace is already recording/],
    ["a second recording trace", () => {
      const first = new TaskTrace().start();
      try {
        new TaskTrace().start();
      } finally {
        first.stop();
      }
    }, InvalidStateError, /Another TaskTrace is recording: stop it first/],
    ["eventsOf(5)", () => new TaskTrace().eventsOf(5 as never), TypeError, /TaskTrace\.eventsOf\(task\): task must be a task name/],
    ["writeChromeTrace(\"\")", () => new TaskTrace().writeChromeTrace(""), TypeError, /TaskTrace\.writeChromeTrace\(path\): path must be a file path/, "rejects"],
  ],
  LoopTestError: { none: "an error class holding the problems it is given", check: () => expect(new LoopTestError(["x"]).problems).toEqual(["x"]) },
};

describe("@tsio/testing: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(testingExports, table, inTask);

  it("advance() of an auto-jumping clock from outside its running loop throws InvalidStateError at the call", async () => {
    const clock = new VirtualClock();
    const runner = new Runner({ clock });
    try {
      const done = runner.run(() => sleep(1000));
      expect(() => clock.advance(10)).toThrow(InvalidStateError);
      expect(() => clock.advanceTo(10)).toThrow(/can only be advanced from a task on that loop.*autojump: false/);
      await done;
      // Once the loop has stopped, moving time from outside is fine again.
      await clock.advance(5);
      expect(clock.now()).toBe(1005);
    } finally {
      await runner.close();
    }
  });

  it("VirtualClock.wait(Infinity) never comes due: time never jumps to Infinity", async () => {
    const clock = new VirtualClock();
    let woken = 0;
    clock.wait(Number.POSITIVE_INFINITY, () => woken++);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(0);
    expect(clock.now()).toBe(0);
  });
});
