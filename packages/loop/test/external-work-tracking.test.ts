import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("external work is counted while in flight", () => {
  it("beginExternalWork counts until end(), which is idempotent", () => {
    const loop = new EventLoop();
    expect(loop.externalWorkInFlight()).toBe(0);
    const a = loop.beginExternalWork();
    const b = loop.beginExternalWork();
    expect(loop.externalWorkInFlight()).toBe(2);
    a.end();
    a.end();
    expect(loop.externalWorkInFlight()).toBe(1);
    b.end();
    expect(loop.externalWorkInFlight()).toBe(0);
    loop.close();
  });

  it("trackExternal counts a promise until it settles, either way, and returns it", async () => {
    const loop = new EventLoop();
    let resolveOk!: (v: number) => void;
    let rejectBad!: (e: unknown) => void;
    const ok = new Promise<number>((r) => {
      resolveOk = r;
    });
    const bad = new Promise<number>((_r, j) => {
      rejectBad = j;
    });
    expect(loop.trackExternal(ok)).toBe(ok);
    expect(loop.trackExternal(bad)).toBe(bad);
    expect(loop.externalWorkInFlight()).toBe(2);
    resolveOk(1);
    await ok;
    expect(loop.externalWorkInFlight()).toBe(1);
    rejectBad(new Error("failed outside"));
    await expect(bad).rejects.toThrow("failed outside");
    expect(loop.externalWorkInFlight()).toBe(0);
    loop.close();
  });

  it("the clock sees the count through its host, from attach() to detach()", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    expect(clock.host).toBe(loop);
    const counts: number[] = [];
    clock.onArm = () => counts.push(clock.host!.externalWorkInFlight());
    const work = loop.beginExternalWork();
    const done = loop.createFuture<void>();
    loop.callLater(10, () => work.end());
    loop.callLater(20, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(counts).toEqual([1, 0]);
    expect(clock.detached).toBe(false);
    loop.close();
    expect(clock.detached).toBe(true);
  });

  it("ending external work wakes an idle loop so the clock can decide again", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const done = loop.createFuture<void>();
    loop.callLater(100, () => done.setResult());
    const work = loop.beginExternalWork();
    const arms: [number, number][] = [];
    clock.onArm = (deadline) => {
      arms.push([deadline, loop.externalWorkInFlight()]);
      // Runs before this wait's own jump: the work ends while the loop is idle.
      if (arms.length === 1) setImmediate(() => work.end());
    };
    await loop.runUntilComplete(done);
    loop.close();
    // The first wait was dropped and the loop armed again, now seeing no work in flight.
    expect(arms).toEqual([
      [100, 1],
      [100, 0],
    ]);
  });
});
