import timersPromises from "node:timers/promises";
import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual, VirtualClock } from "../src/index.js";

const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
const RealDate = globalThis.Date;
const realPerformance = globalThis.performance;

/** Code written without tsio in mind: plain timers and Date. */
const thirdParty = {
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  },
  async elapsed(ms: number): Promise<number> {
    const t0 = Date.now();
    await thirdParty.delay(ms);
    return Date.now() - t0;
  },
};

function expectRealGlobals(): void {
  expect(globalThis.setTimeout).toBe(realSetTimeout);
  expect(globalThis.setInterval).toBe(realSetInterval);
  expect(globalThis.Date).toBe(RealDate);
  expect(globalThis.performance).toBe(realPerformance);
  expect(Math.abs(Date.now() - new RealDate().getTime())).toBeLessThan(1000);
}

describe("fakeGlobals", () => {
  it("fires a plain setTimeout at the right virtual time, with Date.now() and performance.now() in step", async () => {
    const clock = new VirtualClock();
    const seen = await runVirtual(
      async () => {
        const loop = getRunningLoop();
        const before = { date: Date.now(), perf: performance.now(), loop: loop.time() };
        const measured = await thirdParty.elapsed(1500);
        return { before, measured, date: Date.now(), perf: performance.now(), loop: loop.time() };
      },
      { clock, fakeGlobals: true },
    );
    expect(seen.before).toEqual({ date: 0, perf: 0, loop: 0 });
    expect(seen).toMatchObject({ measured: 1500, date: 1500, perf: 1500, loop: 1500 });
    expect(clock.now()).toBe(1500);
    expectRealGlobals();
  });

  it("interleaves faked timers with loop timers in deadline order", async () => {
    const order = await runVirtual(
      async () => {
        const loop = getRunningLoop();
        const log: string[] = [];
        setTimeout(() => log.push(`timeout@${loop.time()}`), 300);
        const worker = createTask(async () => {
          await sleep(200);
          log.push(`sleep@${loop.time()}`);
          await sleep(200);
          log.push(`sleep@${loop.time()}`);
        });
        const ticks: number[] = [];
        const id = setInterval(() => {
          ticks.push(loop.time());
          if (ticks.length === 3) clearInterval(id);
        }, 150);
        await worker;
        await sleep(100);
        log.push(`ticks ${ticks.join(",")}`);
        return log;
      },
      { fakeGlobals: true },
    );
    expect(order).toEqual(["sleep@200", "timeout@300", "sleep@400", "ticks 150,300,450"]);
  });

  it("also fakes node:timers/promises and honours clearTimeout", async () => {
    const result = await runVirtual(
      async () => {
        const loop = getRunningLoop();
        let fired = false;
        const cancelled = setTimeout(() => {
          fired = true;
        }, 50);
        clearTimeout(cancelled);
        const value = await timersPromises.setTimeout(250, "late");
        return { value, at: loop.time(), fired };
      },
      { fakeGlobals: true },
    );
    expect(result).toEqual({ value: "late", at: 250, fired: false });
  });

  it("starts Date at the requested wall-clock time", async () => {
    const start = new RealDate("2030-01-01T00:00:00Z");
    const iso = await runVirtual(
      async () => {
        await sleep(60_000);
        return new Date().toISOString();
      },
      { fakeGlobals: { now: start } },
    );
    expect(iso).toBe("2030-01-01T00:01:00.000Z");
  });

  it("routes an error thrown by a faked timer callback to the loop's exception handler", async () => {
    const reported: unknown[] = [];
    await runVirtual(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reported.push(ctx.exception));
        setTimeout(() => {
          throw new Error("from a plain timer");
        }, 10);
        await sleep(20);
      },
      { fakeGlobals: true },
    );
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe("from a plain timer");
  });

  it("restores every global when main fails", async () => {
    await expect(
      runVirtual(
        async () => {
          expect(globalThis.setTimeout).not.toBe(realSetTimeout);
          await thirdParty.delay(100);
          throw new Error("main failed");
        },
        { fakeGlobals: true },
      ),
    ).rejects.toThrow("main failed");
    expectRealGlobals();
  });

  it("leaves the kernel's own setImmediate, queueMicrotask and nextTick real", async () => {
    const realSetImmediate = globalThis.setImmediate;
    const realQueueMicrotask = globalThis.queueMicrotask;
    const realNextTick = process.nextTick;
    await runVirtual(
      async () => {
        expect(globalThis.setImmediate).toBe(realSetImmediate);
        expect(globalThis.queueMicrotask).toBe(realQueueMicrotask);
        expect(process.nextTick).toBe(realNextTick);
        await new Promise((resolve) => setImmediate(resolve));
      },
      { fakeGlobals: true },
    );
  });
});
