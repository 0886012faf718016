import { CancelledError, EventLoopError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createTask, currentTask, run, sleep, waitFor } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("waitFor", () => {
  it("cancels the inner work on timeout, waits for its clean-up, then throws TimeoutError", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const inner = createTask(async () => {
        try {
          await sleep(5000);
        } catch (err) {
          log.push(`inner ${(err as Error).name} at ${loop.time()}`);
          await sleep(20).catch(() => undefined);
          log.push(`inner cleaned up at ${loop.time()}`);
          throw err;
        }
      });
      const error = await waitFor(inner, 100).catch((err: unknown) => err);
      log.push(`waitFor threw at ${loop.time()}`);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(inner.cancelled()).toBe(true);
      expect(log).toEqual([
        "inner CancelledError at 100",
        "inner cleaned up at 120",
        "waitFor threw at 120",
      ]);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("starts a function as a task and cancels it on timeout", async () => {
    await run(async () => {
      let cancelled = false;
      await expect(
        waitFor(async () => {
          try {
            await sleep(1000);
          } catch (err) {
            cancelled = err instanceof CancelledError;
            throw err;
          }
        }, 10),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
    }, virtual());
  });

  it("resolves with the result in time; null or undefined means no limit", async () => {
    await run(async () => {
      const value = await waitFor(() => sleep(10, 42), 100);
      expectTypeOf(value).toEqualTypeOf<number>();
      expect(value).toBe(42);
      expect(await waitFor(() => sleep(10_000, "late but allowed"), null)).toBe("late but allowed");
      expect(await waitFor(sleep(10, "u"), undefined)).toBe("u");
      await expect(
        waitFor(async () => {
          throw new RangeError("inner error");
        }, 100),
      ).rejects.toThrow(RangeError);
    }, virtual());
  });

  it("a zero timeout returns a result that is already there, else cancels and times out", async () => {
    await run(async () => {
      const done = getRunningLoop().createFuture<string>();
      done.setResult("ready");
      expect(await waitFor(done, 0)).toBe("ready");
      let started = false;
      await expect(
        waitFor(() => {
          started = true;
        }, 0),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(started).toBe(false);
    }, virtual());
  });

  it("an outer cancel while waiting stays CancelledError", async () => {
    await run(async () => {
      const waiter = createTask(() => waitFor(() => sleep(1000), 500));
      await sleep(10);
      waiter.cancel();
      await expect(waiter).rejects.toBeInstanceOf(CancelledError);
      expect(waiter.cancelled()).toBe(true);
    }, virtual());
  });

  it("with a positive timeout it must run inside a task, and then starts nothing", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let started = false;
      const outcome = loop.createFuture<unknown>();
      loop.callSoon(() => {
        try {
          void waitFor(() => {
            started = true;
          }, 10);
          outcome.setResult(null);
        } catch (err) {
          outcome.setResult(err);
        }
      });
      expect(await outcome).toBeInstanceOf(EventLoopError);
      await sleep(1);
      expect(started).toBe(false);
    }, virtual());
  });
});
