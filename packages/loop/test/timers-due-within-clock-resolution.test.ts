import { describe, expect, it } from "vitest";
import { EventLoop, MonotonicClock } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

/** Runs the loop until every timer scheduled by `schedule` has fired (the last one at `end`). */
async function runTimers(clock: JumpClock, end: number, schedule: (loop: EventLoop, seen: [string, number][]) => void) {
  const loop = new EventLoop({ clock });
  const seen: [string, number][] = [];
  schedule(loop, seen);
  const done = loop.createFuture<void>();
  loop.callAt(end, () => done.setResult());
  await loop.runUntilComplete(done);
  loop.close();
  return seen;
}

describe("a clock wait that fires up to one resolution early counts as its deadline (asyncio's clock_resolution)", () => {
  it("the loop reads the clock's resolution: 1 ms on the real clock, 0 when a clock does not say", () => {
    const real = new EventLoop();
    expect(real.clockResolution).toBe(1);
    expect(new MonotonicClock().resolution).toBe(1);
    real.close();
    const silent = new EventLoop({ clock: new JumpClock() });
    expect(silent.clockResolution).toBe(0);
    silent.close();
    const coarse = new JumpClock();
    coarse.resolution = 2.5;
    const loop = new EventLoop({ clock: coarse });
    expect(loop.clockResolution).toBe(2.5);
    loop.close();
  });

  it("a wait that lands a fraction early finds its timer due: one wait per deadline, no re-arm", async () => {
    const clock = new JumpClock();
    clock.resolution = 1;
    clock.early = 0.75;
    const seen = await runTimers(clock, 30, (loop, seen) => {
      for (const when of [10, 10.5, 20]) loop.callAt(when, () => seen.push([String(when), loop.time()]));
    });
    // By loop.time() each callback ran up to one resolution before its deadline, never more.
    expect(seen).toEqual([
      ["10", 9.25],
      ["10.5", 9.75],
      ["20", 19.25],
    ]);
    expect(clock.armed).toEqual([10, 10.5, 20, 30]);
  });

  it("without a resolution the same early wait is re-armed for the remainder (a clock without the field keeps that)", async () => {
    const clock = new JumpClock();
    clock.early = 0.75;
    const seen = await runTimers(clock, 20, (loop, seen) => {
      loop.callAt(10, () => seen.push(["10", loop.time()]));
    });
    expect(seen).toEqual([["10", 10]]);
    expect(clock.armed).toEqual([10, 10, 20, 20]);
  });

  it("a wake-up runs the timers due by its own deadline, ahead of time by at most the resolution; later ones wait", async () => {
    const clock = new JumpClock();
    clock.resolution = 1;
    clock.early = 0.5;
    const seen = await runTimers(clock, 30, (loop, seen) => {
      const record = (name: string) => seen.push([name, loop.time()]);
      loop.callAt(10.25, record, "10.25");
      loop.callAt(10, () => {
        record("10");
        // Scheduled by a callback of this iteration: it waits for the next one, after the second 10.
        loop.callSoon(record, "soon");
      });
      loop.callAt(10, record, "10 again");
    });
    // The wake-up for 10 lands at 9.5: both timers of 10 run then, in scheduling order; 10.25 is
    // past the deadline the wait was armed for, so it gets a wait of its own (landing at 9.75).
    expect(seen).toEqual([
      ["10", 9.5],
      ["10 again", 9.5],
      ["soon", 9.5],
      ["10.25", 9.75],
    ]);
    expect(clock.armed).toEqual([10, 10.25, 30]);
  });

  it("a wake-up more than one resolution early is not trusted: the loop waits again for the rest", async () => {
    const clock = new JumpClock();
    clock.resolution = 1;
    clock.early = 1.5;
    const seen = await runTimers(clock, 30, (loop, seen) => {
      loop.callAt(10, () => seen.push(["10", loop.time()]));
    });
    expect(seen).toEqual([["10", 10]]);
    expect(clock.armed).toEqual([10, 10, 30, 30]);
  });

  it("a resolution of 0 keeps time exact: a timer never runs before its deadline", async () => {
    const clock = new JumpClock();
    clock.resolution = 0;
    const seen = await runTimers(clock, 30, (loop, seen) => {
      for (const when of [10, 10.25, 10.5]) loop.callAt(when, () => seen.push([String(when), loop.time()]));
    });
    expect(seen).toEqual([
      ["10", 10],
      ["10.25", 10.25],
      ["10.5", 10.5],
    ]);
  });
});

describe("only a wake-up of the clock's wait gets the resolution", () => {
  it("an iteration something else started keeps exact time: a timer just ahead waits for its deadline", async () => {
    const clock = new JumpClock();
    clock.resolution = 1;
    clock.t = 10;
    const seen = await runTimers(clock, 30, (loop, seen) => {
      loop.callAt(10.5, () => seen.push(["10.5", loop.time()]));
      // The first iteration is started by runUntilComplete, not by the clock: 10.5 is not due yet.
      loop.callSoon(() => seen.push(["soon", loop.time()]));
    });
    expect(seen).toEqual([
      ["soon", 10],
      ["10.5", 10.5],
    ]);
    expect(clock.armed).toEqual([10.5, 30]);
  });
});
