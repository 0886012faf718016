import { describe, expect, it } from "vitest";
import { CancelledError, EventLoop, EventLoopError } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("runUntilComplete settles with the future", () => {
  it("resolves with the result and leaves the loop stopped but usable", async () => {
    const loop = new EventLoop({ clock: new JumpClock() });
    const fut = loop.createFuture<{ answer: number }>();
    loop.callLater(100, () => fut.setResult({ answer: 42 }));
    const promise = loop.runUntilComplete(fut);
    expect(promise).toBeInstanceOf(Promise);
    expect(loop.isRunning()).toBe(true);
    await expect(promise).resolves.toEqual({ answer: 42 });
    expect(loop.isRunning()).toBe(false);

    const again = loop.createFuture<string>();
    loop.callSoon(() => again.setResult("second run"));
    await expect(loop.runUntilComplete(again)).resolves.toBe("second run");
    loop.close();
  });

  it("rejects with the future's error", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const boom = new TypeError("bad thing");
    loop.callSoon(() => fut.setException(boom));
    await expect(loop.runUntilComplete(fut)).rejects.toBe(boom);
    expect(loop.isRunning()).toBe(false);
    loop.close();
  });

  it("rejects with CancelledError when the future is cancelled", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    loop.callSoon(() => fut.cancel("gave up"));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(CancelledError);
    loop.close();
  });

  it("returns at once for an already finished future (after one more iteration)", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<string>();
    fut.setResult("ready");
    await expect(loop.runUntilComplete(fut)).resolves.toBe("ready");
    loop.close();
  });

  it("rejects with EventLoopError if the loop is stopped before the future is done", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(EventLoopError);
    await expect(
      (async () => {
        loop.callSoon(() => loop.stop());
        return loop.runUntilComplete(fut);
      })(),
    ).rejects.toThrow(/stopped before the future completed/);
    // The stop-when-done callback was removed: finishing the future later does not stop a run.
    fut.setResult(1);
    const other = loop.createFuture<number>();
    loop.callLater(1, () => other.setResult(2));
    await expect(loop.runUntilComplete(other)).resolves.toBe(2);
    loop.close();
  });
});
