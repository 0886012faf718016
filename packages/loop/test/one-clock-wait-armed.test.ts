import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("the loop arms one clock wait, for the earliest deadline", () => {
  it("never holds more than one wait, however many timers are scheduled", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const fired: number[] = [];
    for (let i = 100; i > 0; i--) loop.callLater(i * 10, () => fired.push(i * 10));
    const done = loop.createFuture<void>();
    loop.callLater(2000, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(fired).toHaveLength(100);
    expect(clock.maxActive).toBe(1);
    expect(clock.active).toBe(0);
    expect(clock.armed[0]).toBe(10);
  });

  it("re-arms for an earlier deadline scheduled while idle, from outside the loop", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const fired: string[] = [];
    loop.callLater(1000, () => fired.push("late"));
    const done = loop.createFuture<void>();
    loop.callLater(2000, () => done.setResult());
    clock.onArm = (deadline) => {
      if (deadline === 1000) {
        clock.onArm = undefined;
        // From a later macrotask, as a socket or worker callback would; it runs before the jump.
        setImmediate(() => loop.callLater(5, () => fired.push("early")));
      }
    };
    await loop.runUntilComplete(done);
    loop.close();
    expect(fired).toEqual(["early", "late"]);
    expect(clock.armed.slice(0, 2)).toEqual([1000, 5]);
    expect(clock.maxActive).toBe(1);
  });
});

describe("a deadline is armed once", () => {
  it("cancelling one of two timers with the armed deadline keeps the wait as it is", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const fired: string[] = [];
    const first = loop.callAt(10, () => fired.push("first"));
    loop.callAt(10, () => fired.push("second"));
    const done = loop.createFuture<void>();
    loop.callAt(30, () => done.setResult());
    clock.onArm = (deadline) => {
      if (deadline !== 10) return;
      clock.onArm = undefined;
      setImmediate(() => {
        first.cancel();
        loop.callAt(20, () => fired.push("later"));
      });
    };
    await loop.runUntilComplete(done);
    loop.close();
    expect(fired).toEqual(["second", "later"]);
    expect(clock.armed).toEqual([10, 20, 30]);
    expect(clock.maxActive).toBe(1);
  });
});
