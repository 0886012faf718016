import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("stop() and runForever()", () => {
  it("runForever settles after stop() once the current iteration is finished", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("a");
      loop.stop();
      expect(loop.isRunning()).toBe(true);
    });
    loop.callSoon(() => seen.push("b (same iteration)"));
    const running = loop.runForever();
    expect(loop.isRunning()).toBe(true);
    await running;
    expect(loop.isRunning()).toBe(false);
    expect(seen).toEqual(["a", "b (same iteration)"]);
    loop.close();
  });

  it("stop() before running makes the next run do exactly one iteration", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("ready");
      loop.callSoon(() => seen.push("next iteration"));
    });
    loop.stop();
    await loop.runForever();
    expect(seen).toEqual(["ready"]);

    // The stop request was consumed: the next run keeps going until stopped again.
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => loop.stop())));
    await loop.runForever();
    expect(seen).toEqual(["ready", "next iteration"]);
    loop.close();
  });

  it("stop() from outside the loop ends a run that is idle waiting on a timer", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callLater(60_000, () => seen.push("far timer"));
    const running = loop.runForever();
    setTimeout(() => loop.stop(), 5);
    await running;
    expect(seen).toEqual([]);
    expect(loop.pendingWork()).toEqual({ ready: 0, timers: 1 });
    loop.close();
  });

  it("runForever keeps waiting through idle periods until stopped", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const seen: number[] = [];
    for (const ms of [10, 1000, 5000]) loop.callLater(ms, () => seen.push(ms));
    loop.callLater(6000, () => loop.stop());
    await loop.runForever();
    loop.close();
    expect(seen).toEqual([10, 1000, 5000]);
    expect(clock.t).toBe(6000);
  });

  it("stop() in a run that has nothing to do returns promptly", async () => {
    const loop = new EventLoop();
    loop.stop();
    await loop.runForever();
    expect(loop.isRunning()).toBe(false);
    loop.close();
  });
});
