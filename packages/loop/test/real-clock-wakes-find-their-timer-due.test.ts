import { describe, expect, it } from "vitest";
import { type Clock, type ClockWait, EventLoop, MonotonicClock } from "../src/index.js";

/** The real clock, recording every wait the loop arms and how early each wake-up came. */
class RecordingClock implements Clock {
  private readonly real = new MonotonicClock();
  readonly resolution = this.real.resolution;
  readonly armed: number[] = [];
  /** Wake-ups more than one resolution before their deadline: those may be re-armed. */
  tooEarly = 0;
  now(): number {
    return this.real.now();
  }
  wait(deadline: number, wake: () => void): ClockWait {
    this.armed.push(deadline);
    return this.real.wait(deadline, () => {
      if (this.real.now() + this.resolution < deadline) this.tooEarly++;
      wake();
    });
  }
}

describe("on the real clock, a host timer's wake-up finds its timer due", () => {
  it("arms each deadline once and never runs a timer more than one resolution early", async () => {
    const clock = new RecordingClock();
    const loop = new EventLoop({ clock });
    const rounds = 40;
    let early = 0;
    const done = loop.createFuture<void>();
    // Each round: three timers 0.3 ms apart, then the next round from the last of them.
    const round = (left: number): void => {
      const base = loop.time() + 1;
      const check = (when: number): void => {
        if (loop.time() + loop.clockResolution < when) early++;
      };
      loop.callAt(base, check, base);
      loop.callAt(base + 0.3, check, base + 0.3);
      loop.callAt(base + 0.6, () => {
        check(base + 0.6);
        if (left > 1) round(left - 1);
        else done.setResult();
      });
    };
    round(rounds);
    await loop.runUntilComplete(done);
    loop.close();
    expect(early).toBe(0);
    // No spurious re-arm: a deadline comes back only after a wake-up more than 1 ms early.
    const repeats = clock.armed.length - new Set(clock.armed).size;
    expect(repeats).toBeLessThanOrEqual(clock.tooEarly);
  });
});
