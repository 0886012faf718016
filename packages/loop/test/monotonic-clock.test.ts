import { describe, expect, it, vi } from "vitest";
import { EventLoop, MonotonicClock } from "../src/index.js";

describe("MonotonicClock", () => {
  it("never goes backwards and wakes at or after the deadline", async () => {
    const clock = new MonotonicClock();
    let last = clock.now();
    for (let i = 0; i < 1000; i++) {
      const t = clock.now();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    const deadline = clock.now() + 8;
    const wokeAt = await new Promise<number>((resolve) => clock.wait(deadline, () => resolve(clock.now())));
    // Host timers may fire a fraction of a millisecond early; the loop re-arms for such remainders.
    expect(wokeAt).toBeGreaterThanOrEqual(deadline - 1);
  });

  it("a cancelled wait never wakes", async () => {
    const clock = new MonotonicClock();
    let woke = false;
    clock.wait(clock.now() + 1, () => {
      woke = true;
    }).cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(woke).toBe(false);
  });

  it("a deadline beyond the host timer range does not fire early", async () => {
    const clock = new MonotonicClock();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    let woke = 0;
    const farAway = clock.wait(clock.now() + 2 ** 40, () => woke++);
    const forever = clock.wait(Number.POSITIVE_INFINITY, () => woke++);
    await new Promise((r) => setTimeout(r, 20));
    farAway.cancel();
    forever.cancel();
    process.off("warning", onWarning);
    expect(woke).toBe(0);
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });

  it("the loop refuses an infinite delay; the clock itself waits for one without spinning", async () => {
    const loop = new EventLoop();
    expect(() => loop.callLater(Number.POSITIVE_INFINITY, () => {})).toThrow(RangeError);
    expect(loop.pendingWork().timers).toBe(0);
    loop.close();
    let woken = 0;
    const wait = new MonotonicClock().wait(Number.POSITIVE_INFINITY, () => woken++);
    await new Promise((r) => setTimeout(r, 30));
    wait.cancel();
    expect(woken).toBe(0);
  });
});

describe("MonotonicClock reuses a cancelled wait's host timer for the same deadline", () => {
  it("arms one host timer for a cancel and a new wait on the same deadline, and a stale cancel leaves the new wait alone", async () => {
    const clock = new MonotonicClock();
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    try {
      const deadline = clock.now() + 5;
      const first = clock.wait(deadline, () => expect.unreachable("a cancelled wait woke"));
      first.cancel();
      const woke = new Promise<number>((resolve) => clock.wait(deadline, () => resolve(clock.now())));
      first.cancel();
      expect(setSpy).toHaveBeenCalledTimes(1);
      expect(await woke).toBeGreaterThanOrEqual(deadline - clock.resolution);
    } finally {
      setSpy.mockRestore();
    }
  });

  it("a wait for another deadline gets a host timer of its own and the kept one is cleared", async () => {
    const clock = new MonotonicClock();
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const clearSpy = vi.spyOn(globalThis, "clearTimeout");
    try {
      const now = clock.now();
      clock.wait(now + 50, () => expect.unreachable("a cancelled wait woke")).cancel();
      expect(clearSpy).not.toHaveBeenCalled();
      await new Promise<void>((resolve) => clock.wait(now + 2, resolve));
      expect(setSpy).toHaveBeenCalledTimes(2);
      expect(clearSpy).toHaveBeenCalledTimes(1);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });
});
