import { describe, expect, it } from "vitest";
import { EventLoop, EventLoopError } from "../src/index.js";

describe("a closed loop refuses new work", () => {
  it("every scheduling entry point throws EventLoopError naming the call", () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    const attempts: [string, () => unknown][] = [
      ["callSoon", () => loop.callSoon(() => {})],
      ["callSoon", () => loop.callSoonThreadsafe(() => {})],
      ["callLater", () => loop.callLater(1, () => {})],
      ["callAt", () => loop.callAt(1, () => {})],
      ["createFuture", () => loop.createFuture()],
      ["runForever", () => loop.runForever()],
      ["runForever", () => loop.runUntilComplete(fut)],
      ["addShutdownHook", () => loop.addShutdownHook(() => {})],
    ];
    for (const [name, attempt] of attempts) {
      expect(attempt).toThrow(EventLoopError);
      expect(attempt).toThrow(new RegExp(`^${name}\\(\\): the event loop is closed`));
    }
  });

  it("close() drops pending callbacks and timers and is idempotent", () => {
    const loop = new EventLoop();
    const handle = loop.callSoon(() => {});
    const timer = loop.callLater(10, () => {});
    const cancelledEarlier = loop.callLater(20, () => {});
    cancelledEarlier.cancel();
    loop.close();
    loop.close();
    expect(handle.cancelled()).toBe(true);
    expect(timer.cancelled()).toBe(true);
    expect(loop.pendingWork()).toEqual({ ready: 0, timers: 0 });
    expect(loop.nextDeadline()).toBeNull();
  });

  it("close() while running throws and the loop keeps running", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<unknown>();
    loop.callSoon(() => {
      try {
        loop.close();
        fut.setResult("no error");
      } catch (err) {
        fut.setResult(err);
      }
    });
    const err = await loop.runUntilComplete(fut);
    expect(err).toBeInstanceOf(EventLoopError);
    expect((err as Error).message).toMatch(/Cannot close a running event loop/);
    expect(loop.isClosed()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });
});
