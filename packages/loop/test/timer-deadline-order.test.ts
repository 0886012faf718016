import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("timers run in deadline order", () => {
  it("runs earlier deadlines first, whatever the scheduling order", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const seen: [string, number][] = [];
    const record = (name: string) => seen.push([name, loop.time()]);
    loop.callLater(30, record, "30");
    loop.callLater(10, record, "10");
    loop.callLater(20, record, "20");
    loop.callLater(5, record, "5");
    const done = loop.createFuture<void>();
    loop.callLater(40, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual([
      ["5", 5],
      ["10", 10],
      ["20", 20],
      ["30", 30],
    ]);
  });

  it("runs equal deadlines in scheduling order (callLater and callAt alike)", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const seen: string[] = [];
    loop.callLater(10, () => seen.push("first"));
    loop.callAt(10, () => seen.push("second"));
    loop.callLater(5, () => seen.push("early"));
    loop.callLater(10, () => seen.push("third"));
    for (let i = 0; i < 20; i++) loop.callAt(20, (n: number) => seen.push(`late${n}`), i);
    const done = loop.createFuture<void>();
    loop.callAt(20, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["early", "first", "second", "third", ...Array.from({ length: 20 }, (_, i) => `late${i}`)]);
  });

  it("reports its deadline through when() and passes extra arguments", async () => {
    const clock = new JumpClock();
    clock.t = 100;
    const loop = new EventLoop({ clock });
    const got: unknown[] = [];
    const timer = loop.callLater(25, (a: number, b: string) => got.push(a, b), 7, "x");
    const at = loop.callAt(130, () => got.push("at"));
    expect(timer.when()).toBe(125);
    expect(at.when()).toBe(130);
    const done = loop.createFuture<void>();
    loop.callAt(130, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(got).toEqual([7, "x", "at"]);
  });

  it("runs a callAt in the past on the next iteration, after callbacks already ready", async () => {
    const clock = new JumpClock();
    clock.t = 50;
    const loop = new EventLoop({ clock });
    const seen: string[] = [];
    loop.callSoon(() => seen.push("soon"));
    loop.callAt(10, () => seen.push("past"));
    loop.callLater(0, () => seen.push("zero"));
    const done = loop.createFuture<void>();
    loop.callLater(0, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["soon", "past", "zero"]);
    expect(clock.armed).toEqual([]);
  });

  it("waits at least the delay, less the clock resolution, on the real clock", async () => {
    const loop = new EventLoop();
    const start = loop.time();
    const fired = loop.createFuture<number>();
    loop.callLater(15, () => fired.setResult(loop.time()));
    const at = await loop.runUntilComplete(fired);
    loop.close();
    // By loop.time(), a timer may run up to one clock resolution (1 ms) before its deadline.
    expect(at - start).toBeGreaterThanOrEqual(15 - loop.clockResolution);
  });
});
