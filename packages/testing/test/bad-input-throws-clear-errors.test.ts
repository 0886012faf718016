import { EventLoop, InvalidStateError } from "@tsio/loop";
import { Runner, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { installFakeGlobals, runLoopTest, runVirtual, TaskTrace, VirtualClock } from "../src/index.js";

describe("bad input to the virtual-time harness throws a clear error at the call", () => {
  it("rejects a negative, NaN, infinite or non-number advance", () => {
    const clock = new VirtualClock({ autojump: false });
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(/must not be negative, got -1 ms/);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => clock.advance("10" as unknown as number)).toThrow(TypeError);
  });

  it("rejects advancing to an earlier time", async () => {
    const clock = new VirtualClock({ start: 500, autojump: false });
    expect(() => clock.advanceTo(499)).toThrow(/earlier than the clock's current time 500; virtual time never goes backwards/);
    await clock.advanceTo(500);
    expect(clock.now()).toBe(500);
  });

  it("refuses to advance an auto-jumping clock from outside its running loop", async () => {
    const clock = new VirtualClock();
    const runner = new Runner({ clock });
    try {
      const done = runner.run(() => sleep(1000));
      expect(() => clock.advance(10)).toThrow(InvalidStateError);
      expect(() => clock.advanceTo(10)).toThrow(/can only be advanced from a task on that loop.*autojump: false/);
      await done;
      expect(clock.now()).toBe(1000);
      // Once the loop has stopped, moving time from outside is fine again.
      await clock.advance(5);
      expect(clock.now()).toBe(1005);
    } finally {
      await runner.close();
    }
  });

  it("rejects bad clock options", () => {
    expect(() => new VirtualClock({ start: Number.NaN })).toThrow(RangeError);
    expect(() => new VirtualClock({ autojumpThreshold: -5 })).toThrow(RangeError);
    expect(() => new VirtualClock({ autojump: "yes" as unknown as boolean })).toThrow(TypeError);
    expect(() => new VirtualClock(null as unknown as object)).toThrow(TypeError);
    expect(() => {
      new VirtualClock().autojumpThreshold = -1;
    }).toThrow(RangeError);
  });

  it("refuses to drive two loops with one clock", () => {
    const clock = new VirtualClock();
    const first = new EventLoop({ clock });
    expect(() => new EventLoop({ clock })).toThrow(/already drives another event loop/);
    first.close();
    new EventLoop({ clock }).close();
  });

  it("rejects bad runVirtual and runLoopTest arguments", async () => {
    expect(() => runVirtual("main" as unknown as () => void)).toThrow(TypeError);
    expect(() => runVirtual(async () => {}, { clock: new VirtualClock(), start: 5 })).toThrow(/either options.clock or start/);
    expect(() => runVirtual(async () => {}, { clock: {} as VirtualClock })).toThrow(/must be a VirtualClock/);
    await expect(runLoopTest(42 as unknown as () => void)).rejects.toThrow(TypeError);
    await expect(runLoopTest(async () => {}, { maxBlockingMs: -1 })).rejects.toThrow(RangeError);
  });

  it("refuses to install fake globals twice or with a foreign clock", () => {
    const clock = new VirtualClock();
    const loop = new EventLoop({ clock });
    expect(() => installFakeGlobals(loop, new VirtualClock())).toThrow(/must be the clock that drives loop/);
    const fake = installFakeGlobals(loop, clock);
    try {
      expect(() => installFakeGlobals(loop, clock)).toThrow(InvalidStateError);
    } finally {
      fake.uninstall();
      loop.close();
    }
  });

  it("refuses a second recording trace", () => {
    const first = new TaskTrace().start();
    try {
      expect(() => new TaskTrace().start()).toThrow(/Another TaskTrace is recording/);
    } finally {
      first.stop();
    }
  });
});
