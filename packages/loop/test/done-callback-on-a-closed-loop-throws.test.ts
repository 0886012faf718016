import { describe, expect, it } from "vitest";
import { EventLoop, EventLoopError } from "../src/index.js";

describe("done callbacks on a closed loop", () => {
  it("throw EventLoopError at addDoneCallback instead of being dropped silently", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    loop.callSoon(() => fut.setResult(1));
    await loop.runUntilComplete(fut);
    loop.close();
    expect(() => fut.addDoneCallback(() => {})).toThrow(EventLoopError);
    expect(() => fut.addDoneCallback(() => {})).toThrow(/closed/);
  });

  it("throw at the setResult that would schedule them once the loop has closed", () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const seen: number[] = [];
    fut.addDoneCallback((f) => seen.push(f.result()));
    loop.close();
    expect(() => fut.setResult(2)).toThrow(EventLoopError);
    expect(seen).toEqual([]);
  });
});
