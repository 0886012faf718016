import { describe, expect, it } from "vitest";
import { CancelledError, EventLoop } from "../src/index.js";

describe("awaiting a done future whose loop is closed", () => {
  it("settles with the stored outcome instead of throwing or hanging", async () => {
    const loop = new EventLoop();
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const gone = loop.createFuture<number>();
    const boom = new Error("boom");
    const all = loop.createFuture<void>();
    loop.callSoon(() => {
      ok.setResult(7);
      bad.setException(boom);
      gone.cancel("bye");
      all.setResult();
    });
    await loop.runUntilComplete(all);
    loop.close();
    // `await task` after run() returned is ordinary code; the outcome can no longer change.
    expect(await ok).toBe(7);
    await expect(bad).rejects.toBe(boom);
    await expect(gone).rejects.toBeInstanceOf(CancelledError);
    expect(await ok.then((v) => v * 2)).toBe(14);
  });

  it("still runs then-callbacks asynchronously, never inside the then() call", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<string>();
    loop.callSoon(() => fut.setResult("x"));
    await loop.runUntilComplete(fut);
    loop.close();
    const order: string[] = [];
    const p = fut.then((v) => order.push(`then ${v}`));
    order.push("after then()");
    await p;
    expect(order).toEqual(["after then()", "then x"]);
  });
});
