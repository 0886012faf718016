import { EventLoopError } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { Barrier, Condition } from "../src/index.js";

const outside = /outside a running event loop/;

describe("waiting outside a loop fails before touching the lock", () => {
  it("Condition.wait() / waitFor() with the lock held: EventLoopError, and the lock stays held", async () => {
    const cond = new Condition();
    await cond.acquire();
    expect(cond.locked()).toBe(true);
    await expect(async () => cond.wait()).rejects.toThrow(EventLoopError);
    await expect(async () => cond.wait()).rejects.toThrow(outside);
    expect(cond.locked()).toBe(true);
    await expect(async () => cond.waitFor(() => false)).rejects.toThrow(EventLoopError);
    expect(cond.locked()).toBe(true);
    cond.release();
    expect(cond.locked()).toBe(false);
  });

  it("Barrier.wait(): EventLoopError naming the barrier, not a lock error; the barrier is untouched", async () => {
    const barrier = new Barrier(2);
    await expect(barrier.wait()).rejects.toThrow(EventLoopError);
    await expect(barrier.wait()).rejects.toThrow(/Barrier\.wait\(\).*outside a running event loop/);
    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
    // Still usable inside a loop afterwards.
    expect(await run(async () => (await Promise.all([barrier.wait(), barrier.wait()])).sort())).toEqual([0, 1]);
  });
});
