import { afterEach, describe, expect, it } from "vitest";
import { type AwaitHook, cancellationPoint, EventLoop, setAwaitHook, setCancellationProbe } from "../src/index.js";

/** An awaiting "task" as the await hook reports it: it may interrupt the await being resumed. */
class Awaiter {
  pending: Error | null = null;
  seen: object[] = [];
  _interruptAwait(future: object): unknown {
    this.seen.push(future);
    const err = this.pending;
    this.pending = null;
    return err ?? undefined;
  }
  toString(): string {
    return "awaiter";
  }
}

let previous: AwaitHook | null = null;
afterEach(() => {
  setAwaitHook(previous);
});

describe("an await whose owner interrupts it as it resumes", () => {
  it("rejects with the owner's error instead of the future's result; a later await resumes normally", async () => {
    const owner = new Awaiter();
    previous = setAwaitHook(() => owner);
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const later = loop.createFuture<number>();
    const main = loop.createFuture<string[]>();
    const log: string[] = [];
    (async () => {
      try {
        await fut;
        log.push("resumed (wrong)");
      } catch (err) {
        log.push(`interrupted: ${(err as Error).message}`);
      }
      log.push(`later: ${await later}`);
      main.setResult(log);
    })();
    loop.callSoon(() => {
      fut.setResult(1);
      // Asked after the wake-up was scheduled, before the await resumed.
      owner.pending = new Error("cancelled meanwhile");
      later.setResult(2);
    });
    expect(await loop.runUntilComplete(main)).toEqual(["interrupted: cancelled meanwhile", "later: 2"]);
    expect(owner.seen).toEqual([fut, later]);
    loop.close();
  });

  it("a chained then() is never interrupted, only awaits are", async () => {
    const owner = new Awaiter();
    previous = setAwaitHook(() => owner);
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const chained = fut.then((n) => n * 2);
    owner.pending = new Error("not for then()");
    fut.setResult(21);
    const done = loop.createFuture<number>();
    chained.then((n) => done.setResult(n));
    expect(await loop.runUntilComplete(done)).toBe(42);
    expect(owner.seen).toEqual([]);
    loop.close();
  });
});

describe("cancellationPoint()", () => {
  it("runs the installed probe, so a pending cancellation throws there", () => {
    let pending = false;
    const before = setCancellationProbe(() => {
      if (pending) throw new Error("cancel pending");
    });
    try {
      cancellationPoint();
      pending = true;
      expect(() => cancellationPoint()).toThrow("cancel pending");
    } finally {
      setCancellationProbe(before);
    }
  });

  it("does nothing without a probe; a probe that is not a function is a TypeError", () => {
    const before = setCancellationProbe(null);
    try {
      expect(() => cancellationPoint()).not.toThrow();
      expect(() => setCancellationProbe(5 as never)).toThrow(TypeError);
    } finally {
      setCancellationProbe(before);
    }
  });
});
