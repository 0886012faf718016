import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, type ExceptionContext } from "../src/index.js";

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Deliberately blocking: this is the mistake debug mode exists to catch.
  }
}

const savedEnv = process.env.TSIO_DEBUG;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.TSIO_DEBUG;
  else process.env.TSIO_DEBUG = savedEnv;
});

describe("debug mode reports callbacks that block the loop", () => {
  it("reports a 150 ms blocking callback with its name and duration", async () => {
    const loop = new EventLoop({ debug: true });
    expect(loop.getDebug()).toBe(true);
    expect(loop.slowCallbackDuration).toBe(100);
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    loop.callSoon(function quick() {});
    const slow = loop.callSoon(function blocksTheLoop() {
      busyWait(150);
    });
    loop.callSoon(function alsoQuick() {});
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    // Only the slow callback is asserted on: on a loaded machine a no-op may be preempted too.
    const slowReports = reports.filter((r) => r.handle === slow);
    expect(slowReports).toHaveLength(1);
    const report = slowReports[0]!;
    expect(report.handle).toBe(slow);
    expect(report.exception).toBeUndefined();
    expect(report.durationMs).toBeGreaterThanOrEqual(150);
    expect(report.message).toMatch(/blocksTheLoop\(\).* took \d+\.\d ms/);
    expect(report.message).toMatch(/blocked the event loop/);
  });

  it("counts microtasks caused by the callback as part of its time", async () => {
    const loop = new EventLoop({ debug: true, slowCallbackMs: 20 });
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    loop.callSoon(function startsAsyncWork() {
      void Promise.resolve().then(() => busyWait(25));
    });
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    const report = reports.find((r) => /startsAsyncWork/.test(r.message));
    expect(report?.durationMs).toBeGreaterThanOrEqual(25);
  });

  it("is silent when debug mode is off, and setDebug toggles it", async () => {
    const loop = new EventLoop({ debug: false, slowCallbackMs: 0 });
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    const first = loop.createFuture<void>();
    loop.callSoon(() => first.setResult());
    await loop.runUntilComplete(first);
    expect(reports).toEqual([]);

    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    const second = loop.createFuture<void>();
    loop.callSoon(function anyCallback() {
      second.setResult();
    });
    await loop.runUntilComplete(second);
    loop.close();
    // With a 0 ms threshold every callback counts as slow.
    expect(reports.some((r) => /anyCallback/.test(r.message) && typeof r.durationMs === "number")).toBe(true);
  });

  it("TSIO_DEBUG=1 in the environment turns debug mode on by default", async () => {
    process.env.TSIO_DEBUG = "1";
    const loop = new EventLoop({ slowCallbackMs: 0 });
    expect(loop.getDebug()).toBe(true);
    expect(new EventLoop({ debug: false }).getDebug()).toBe(false);
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    const done = loop.createFuture<void>();
    loop.callSoon(function fromEnv() {
      done.setResult();
    });
    await loop.runUntilComplete(done);
    loop.close();
    expect(reports.some((r) => /fromEnv/.test(r.message))).toBe(true);

    for (const off of ["0", "", "false"]) {
      process.env.TSIO_DEBUG = off;
      expect(new EventLoop().getDebug()).toBe(false);
    }
    delete process.env.TSIO_DEBUG;
    expect(new EventLoop().getDebug()).toBe(false);
  });

  it("slowCallbackDuration can be changed and is validated", () => {
    const loop = new EventLoop({ slowCallbackMs: 50 });
    expect(loop.slowCallbackDuration).toBe(50);
    loop.slowCallbackDuration = 10;
    expect(loop.slowCallbackDuration).toBe(10);
    expect(() => {
      loop.slowCallbackDuration = -1;
    }).toThrow(RangeError);
    loop.close();
  });
});
