import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("cancelled handles and timers never run", () => {
  it("skips a cancelled callSoon handle and runs the rest", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => seen.push("a"));
    const b = loop.callSoon(() => seen.push("b"));
    loop.callSoon(() => seen.push("c"));
    b.cancel();
    expect(b.cancelled()).toBe(true);
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["a", "c"]);
  });

  it("skips a handle cancelled by an earlier callback of the same iteration", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("a");
      later.cancel();
      timer.cancel();
    });
    const later = loop.callSoon(() => seen.push("b"));
    const timer = loop.callAt(0, () => seen.push("timer"));
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["a"]);
  });

  it("never runs a cancelled timer, and cancel is idempotent", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const seen: number[] = [];
    const timers = [10, 20, 30, 40].map((ms) => loop.callLater(ms, () => seen.push(ms)));
    timers[1]!.cancel();
    timers[1]!.cancel();
    timers[3]!.cancel();
    expect(timers.map((t) => t.cancelled())).toEqual([false, true, false, true]);
    expect(loop.pendingWork().timers).toBe(2);
    const done = loop.createFuture<void>();
    loop.callLater(50, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual([10, 30]);
  });

  it("cancelling a handle after it ran changes nothing", async () => {
    const loop = new EventLoop();
    let runs = 0;
    const handle = loop.callSoon(() => runs++);
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    handle.cancel();
    loop.close();
    expect(runs).toBe(1);
  });

  it("drops the cancelled timer's host wait so only live deadlines are armed", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const seen: number[] = [];
    const near = loop.callLater(10, () => seen.push(10));
    loop.callLater(20, () => seen.push(20));
    const done = loop.createFuture<void>();
    loop.callLater(30, () => done.setResult());
    loop.callSoon(() => near.cancel());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual([20]);
    expect(clock.armed).not.toContain(10);
  });
});
