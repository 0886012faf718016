import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("callSoon runs callbacks first in, first out", () => {
  it("runs callbacks in the order they were scheduled", async () => {
    const loop = new EventLoop();
    const seen: number[] = [];
    for (let i = 0; i < 1000; i++) loop.callSoon(() => seen.push(i));
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("passes the extra arguments to the callback", async () => {
    const loop = new EventLoop();
    const calls: unknown[][] = [];
    loop.callSoon((a: number, b: string, c: { x: number }) => calls.push([a, b, c]), 1, "two", { x: 3 });
    loop.callSoon((...rest: unknown[]) => calls.push(rest));
    loop.callSoon((only: undefined) => calls.push([only]), undefined);
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(calls).toEqual([[1, "two", { x: 3 }], [], [undefined]]);
  });

  it("keeps FIFO order for callbacks scheduled from callbacks and from outside the loop", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      seen.push("a");
      loop.callSoon(() => seen.push("c"));
      loop.callSoon(() => seen.push("d"));
    });
    loop.callSoon(() => seen.push("b"));
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => done.setResult())));
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["a", "b", "c", "d"]);
  });

  it("callSoonThreadsafe schedules like callSoon", async () => {
    const loop = new EventLoop();
    const seen: number[] = [];
    loop.callSoon(() => seen.push(1));
    loop.callSoonThreadsafe((n: number) => seen.push(n), 2);
    loop.callSoon(() => seen.push(3));
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual([1, 2, 3]);
  });
});
