import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("the loop is never idle while a microtask continuation is queued", () => {
  it("a continuation many microtasks deep runs before the loop arms its clock", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const events: string[] = [];
    clock.onArm = (deadline) => events.push(`arm ${deadline}`);

    const fut = loop.createFuture<number>();
    const consumer = async (): Promise<void> => {
      const value = await fut;
      // A chain of plain promise hops, including a promise resolved with a promise (two extra ticks).
      await null;
      await Promise.resolve();
      await new Promise<void>((resolve) => resolve(Promise.resolve()));
      for (let i = 0; i < 10; i++) await undefined;
      events.push(`continuation saw ${value}`);
    };
    loop.callSoon(() => void consumer());
    loop.callSoon(() => fut.setResult(7));
    const done = loop.createFuture<void>();
    loop.callLater(100, () => done.setResult());

    await loop.runUntilComplete(done);
    loop.close();
    expect(events).toEqual(["continuation saw 7", "arm 100"]);
  });

  it("the clock does not jump past work a continuation schedules", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const fired: [string, number][] = [];
    const fut = loop.createFuture<void>();
    const consumer = async (): Promise<void> => {
      await fut;
      for (let i = 0; i < 5; i++) await null;
      loop.callLater(10, () => fired.push(["scheduled by continuation", loop.time()]));
    };
    loop.callSoon(() => void consumer());
    loop.callSoon(() => fut.setResult());
    loop.callLater(50, () => fired.push(["far", loop.time()]));
    const done = loop.createFuture<void>();
    loop.callLater(60, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(fired).toEqual([
      ["scheduled by continuation", 10],
      ["far", 50],
    ]);
    expect(clock.armed[0]).toBe(10);
  });
});
