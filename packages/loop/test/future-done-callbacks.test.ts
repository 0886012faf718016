import { describe, expect, it } from "vitest";
import { EventLoop, type Future } from "../src/index.js";

async function drain(loop: EventLoop, iterations = 3): Promise<void> {
  const done = loop.createFuture<void>();
  let left = iterations;
  const tick = (): void => {
    if (--left === 0) done.setResult();
    else loop.callSoon(tick);
  };
  loop.callSoon(tick);
  await loop.runUntilComplete(done);
}

describe("done callbacks run through the loop, in order", () => {
  it("does not run them synchronously on completion", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const seen: string[] = [];
    fut.addDoneCallback(() => seen.push("cb"));
    fut.setResult(1);
    seen.push("after setResult");
    expect(seen).toEqual(["after setResult"]);
    await drain(loop);
    loop.close();
    expect(seen).toEqual(["after setResult", "cb"]);
  });

  it("runs them in the order added, with the future as argument", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<string>();
    const seen: [number, Future<string>][] = [];
    for (let i = 0; i < 5; i++) fut.addDoneCallback((f) => seen.push([i, f]));
    loop.callSoon(() => fut.setResult("x"));
    await drain(loop);
    loop.close();
    expect(seen.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.every(([, f]) => f === fut)).toBe(true);
  });

  it("schedules callbacks added after completion through the loop, still in order", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const seen: string[] = [];
    fut.addDoneCallback(() => seen.push("before"));
    fut.setResult(1);
    fut.addDoneCallback(() => seen.push("after 1"));
    fut.addDoneCallback(() => seen.push("after 2"));
    expect(seen).toEqual([]);
    await drain(loop);
    expect(seen).toEqual(["before", "after 1", "after 2"]);
    fut.addDoneCallback(() => seen.push("much later"));
    expect(seen).toHaveLength(3);
    await drain(loop);
    loop.close();
    expect(seen).toEqual(["before", "after 1", "after 2", "much later"]);
  });

  it("runs callbacks on cancellation and on failure too", async () => {
    const loop = new EventLoop();
    const cancelled = loop.createFuture<number>();
    const failed = loop.createFuture<number>();
    const seen: string[] = [];
    cancelled.addDoneCallback((f) => seen.push(`cancelled=${f.cancelled()}`));
    failed.addDoneCallback((f) => seen.push(`error=${String(f.exception())}`));
    cancelled.cancel();
    failed.setException(new Error("bad"));
    await drain(loop);
    loop.close();
    expect(seen).toEqual(["cancelled=true", "error=Error: bad"]);
  });

  it("removeDoneCallback removes every registration and returns the count", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const seen: string[] = [];
    const f = (): void => {
      seen.push("f");
    };
    const g = (): void => {
      seen.push("g");
    };
    fut.addDoneCallback(f);
    fut.addDoneCallback(g);
    fut.addDoneCallback(f);
    expect(fut.removeDoneCallback(f)).toBe(2);
    expect(fut.removeDoneCallback(f)).toBe(0);
    expect(fut.removeDoneCallback(() => {})).toBe(0);
    fut.setResult(1);
    expect(fut.removeDoneCallback(g)).toBe(0);
    await drain(loop);
    loop.close();
    expect(seen).toEqual(["g"]);
  });

  it("an error thrown by a done callback goes to the exception handler", async () => {
    const loop = new EventLoop();
    const errors: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => errors.push(ctx.exception));
    const fut = loop.createFuture<number>();
    const boom = new Error("callback failed");
    const seen: string[] = [];
    fut.addDoneCallback(() => {
      throw boom;
    });
    fut.addDoneCallback(() => seen.push("next callback"));
    fut.setResult(1);
    await drain(loop);
    loop.close();
    expect(errors).toEqual([boom]);
    expect(seen).toEqual(["next callback"]);
  });
});
