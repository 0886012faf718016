import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";
import { JumpClock } from "./jump-clock.js";

describe("an iteration runs only what was ready when it began", () => {
  it("leaves work scheduled during an iteration for the next one", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("a");
      loop.callSoon(() => seen.push("scheduled by a"));
      loop.stop();
    });
    loop.callSoon(() => seen.push("b"));
    await loop.runForever();
    expect(seen).toEqual(["a", "b"]);
    expect(loop.pendingWork().ready).toBe(1);

    loop.stop();
    await loop.runForever();
    loop.close();
    expect(seen).toEqual(["a", "b", "scheduled by a"]);
  });

  it("drains microtasks of one iteration before the next begins", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("a");
      queueMicrotask(() => seen.push("microtask of a"));
      loop.callSoon(() => seen.push("c"));
    });
    loop.callSoon(() => seen.push("b"));
    const done = loop.createFuture<void>();
    loop.callSoon(() => loop.callSoon(() => done.setResult()));
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["a", "b", "microtask of a", "c"]);
  });

  it("a self-rescheduling callback does not starve other callbacks or due timers", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    let spins = 0;
    const seen: string[] = [];
    const spin = (): void => {
      spins++;
      if (seen.length < 2) loop.callSoon(spin);
    };
    loop.callSoon(spin);
    loop.callSoon(() => seen.push(`other after ${spins} spin`));
    loop.callAt(0, () => seen.push(`timer after ${spins} spins`));
    const done = loop.createFuture<void>();
    loop.callAt(0, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["other after 1 spin", "timer after 1 spins"]);
    expect(spins).toBeLessThanOrEqual(3);
  });

  it("a timer falls due and runs while a callSoon chain keeps the loop busy (real clock)", async () => {
    const loop = new EventLoop();
    let spins = 0;
    let fired = false;
    const done = loop.createFuture<number>();
    const start = performance.now();
    const spin = (): void => {
      spins++;
      if (performance.now() - start > 2000) done.setException(new Error("the timer never fired"));
      else if (!fired) loop.callSoon(spin);
    };
    loop.callSoon(spin);
    loop.callLater(5, () => {
      fired = true;
      done.setResult(spins);
    });
    const spinsWhenFired = await loop.runUntilComplete(done);
    loop.close();
    expect(spinsWhenFired).toBeGreaterThan(1);
  });
});
