import { EventLoop, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { asCompleted, createTask, run, sleep, timeout, timeoutAt, wait, waitFor } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });
const endless = /must be finite, got Infinity: .*take null \(or Infinity\) for no limit/;

describe("Infinity: rejected as a delay, 'no limit' as a timeout", () => {
  it("callLater, callAt and sleep reject Infinity with a RangeError at the call", async () => {
    const loop = new EventLoop();
    expect(() => loop.callLater(Number.POSITIVE_INFINITY, () => {})).toThrow(RangeError);
    expect(() => loop.callLater(Number.POSITIVE_INFINITY, () => {})).toThrow(endless);
    expect(() => loop.callAt(Number.POSITIVE_INFINITY, () => {})).toThrow(/callAt\(when\): when must be a finite loop time, got Infinity/);
    expect(() => loop.callAt(Number.NEGATIVE_INFINITY, () => {})).toThrow(RangeError);
    expect(loop.pendingWork().timers).toBe(0);
    loop.close();
    await run(async () => {
      expect(() => sleep(Number.POSITIVE_INFINITY)).toThrow(/sleep\(ms\): ms must be finite/);
    }, virtual());
  });

  it("timeout, timeoutAt, reschedule, waitFor, wait and asCompleted take Infinity as no limit", async () => {
    const clock = new VirtualClock();
    await run(async () => {
      const loop = getRunningLoop();
      expect(await timeout(Number.POSITIVE_INFINITY, async (t) => {
        expect(t.when()).toBeNull();
        await sleep(50);
        t.reschedule(Number.POSITIVE_INFINITY);
        expect(t.when()).toBeNull();
        return "t";
      })).toBe("t");
      expect(await timeoutAt(Number.POSITIVE_INFINITY, async (t) => t.when())).toBeNull();
      expect(await waitFor(() => sleep(20, "w"), Number.POSITIVE_INFINITY)).toBe("w");
      const task = createTask(() => sleep(10, "x"));
      const { done } = await wait([task], { timeout: Number.POSITIVE_INFINITY });
      expect(done.has(task)).toBe(true);
      const got: string[] = [];
      for await (const v of asCompleted([() => sleep(5, "a")], { timeout: Number.POSITIVE_INFINITY })) got.push(v);
      expect(got).toEqual(["a"]);
      expect(loop.pendingWork().timers).toBe(0);
      // A finite timeout still works right after.
      await expect(waitFor(() => sleep(1000), 10)).rejects.toBeInstanceOf(TimeoutError);
    }, { clock });
    expect(Number.isFinite(clock.now())).toBe(true);
    expect(clock.now()).toBe(95);
  });

  it("-Infinity and NaN stay errors for timeouts", async () => {
    await run(async () => {
      expect(() => timeout(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
      expect(() => timeout(Number.NaN)).toThrow(RangeError);
      expect(() => timeoutAt(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
      expect(() => waitFor(() => 1, Number.NaN)).toThrow(RangeError);
    }, virtual());
  });
});
