import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("the batch budget runs on real time even when performance.now is faked", () => {
  it("a busy loop still yields to setImmediate while performance.now stands still", async () => {
    const loop = new EventLoop();
    // What a fake-timer library does: performance.now() stops moving unless a test ticks it.
    const frozen = Object.getOwnPropertyDescriptor(performance, "now");
    Object.defineProperty(performance, "now", { configurable: true, writable: true, value: () => 0 });
    let spins = 0;
    let stopSpinning = false;
    const done = loop.createFuture<number>();
    const spin = (): void => {
      spins++;
      // Without yielding, the chain would spin forever; give up (and fail) instead of hanging.
      if (spins > 2_000_000 && !done.done()) done.setException(new Error("the loop never yielded to Node"));
      if (!stopSpinning && !done.done()) loop.callSoon(spin);
    };
    loop.callSoon(() => {
      spin();
      setImmediate(() => {
        if (!done.done()) done.setResult(spins);
      });
    });
    try {
      const spinsAtImmediate = await loop.runUntilComplete(done);
      expect(spinsAtImmediate).toBeGreaterThan(0);
      expect(spinsAtImmediate).toBeLessThan(2_000_000);
    } finally {
      stopSpinning = true;
      if (frozen === undefined) delete (performance as { now?: unknown }).now;
      else Object.defineProperty(performance, "now", frozen);
      loop.close();
    }
  });
});
