import { CancelledError, EventLoopError, getRunningLoop, InvalidStateError, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep, type Timeout, timeout, timeoutAt } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("timeout()", () => {
  it("on expiry cancels the work, lets it clean up, and throws TimeoutError; the task goes on", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      let t!: Timeout;
      const error = await timeout(100, async (scope) => {
        t = scope;
        try {
          await sleep(5000);
        } catch (err) {
          log.push(`${(err as Error).name} at ${loop.time()}`);
          throw err;
        }
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
      expect(log).toEqual(["CancelledError at 100"]);
      expect(t.expired()).toBe(true);
      expect(t.when()).toBe(100);
      // The timeout withdrew its cancellation request: the task is not being cancelled any more.
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(10);
      expect(loop.time()).toBe(110);
    }, virtual());
  });

  it("resolves with the body's result when it finishes in time, and never fires later", async () => {
    await run(async () => {
      let t!: Timeout;
      const value = await timeout(100, async (scope) => {
        t = scope;
        await sleep(40);
        return "in time";
      });
      expect(value).toBe("in time");
      await sleep(200);
      expect(t.expired()).toBe(false);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("reschedule() moves the deadline later or earlier, and null removes it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const later = await timeout(100, async (t) => {
        await sleep(80);
        t.reschedule(t.when()! + 100);
        await sleep(80);
        return loop.time();
      });
      expect(later).toBe(160);

      const start = loop.time();
      const earlier = await timeout(1000, async (t) => {
        t.reschedule(loop.time() + 20);
        await sleep(500);
      }).catch((err: unknown) => err);
      expect(earlier).toBeInstanceOf(TimeoutError);
      expect(loop.time() - start).toBe(20);

      const none = await timeout(10, async (t) => {
        t.reschedule(null);
        expect(t.when()).toBeNull();
        await sleep(100);
        return "no deadline";
      });
      expect(none).toBe("no deadline");

      const unlimited = await timeout(null, async (t) => {
        expect(t.when()).toBeNull();
        await sleep(50);
        t.reschedule(loop.time() + 10);
        await sleep(100);
      }).catch((err: unknown) => err);
      expect(unlimited).toBeInstanceOf(TimeoutError);
    }, virtual());
  });

  it("reschedule() after expiry or exit throws InvalidStateError", async () => {
    await run(async () => {
      let expired!: Timeout;
      await timeout(5, async (t) => {
        expired = t;
        await sleep(100);
      }).catch(() => undefined);
      expect(() => expired.reschedule(1000)).toThrow(InvalidStateError);
      let finished!: Timeout;
      await timeout(100, (t) => {
        finished = t;
      });
      expect(() => finished.reschedule(1000)).toThrow(InvalidStateError);
    }, virtual());
  });

  it("nested timeouts: the inner one fires first and reports; the outer does not", async () => {
    await run(async () => {
      let outer!: Timeout;
      let inner!: Timeout;
      let seenInside: unknown;
      const result = await timeout(1000, async (o) => {
        outer = o;
        seenInside = await timeout(50, async (i) => {
          inner = i;
          await sleep(500);
        }).catch((err: unknown) => err);
        return "outer body went on";
      });
      expect(seenInside).toBeInstanceOf(TimeoutError);
      expect(inner.expired()).toBe(true);
      expect(outer.expired()).toBe(false);
      expect(result).toBe("outer body went on");
    }, virtual());
  });

  it("nested timeouts: when the outer one fires, the inner scope sees CancelledError and the outer reports", async () => {
    await run(async () => {
      let seenInside: unknown;
      let inner!: Timeout;
      const error = await timeout(50, async () => {
        try {
          await timeout(1000, async (i) => {
            inner = i;
            await sleep(500);
          });
        } catch (err) {
          seenInside = err;
          throw err;
        }
      }).catch((err: unknown) => err);
      expect(seenInside).toBeInstanceOf(CancelledError);
      expect(inner.expired()).toBe(false);
      expect(error).toBeInstanceOf(TimeoutError);
    }, virtual());
  });

  it("an outer cancel inside a timeout stays CancelledError, even if the timeout also expired", async () => {
    await run(async () => {
      const plain = createTask(() => timeout(1000, () => sleep(500)));
      await sleep(10);
      plain.cancel();
      await expect(plain).rejects.toBeInstanceOf(CancelledError);
      expect(plain.cancelled()).toBe(true);

      // Cancelled from outside at 10 ms; its clean-up outlives the 20 ms deadline, which fires too.
      let scope!: Timeout;
      const both = createTask(() =>
        timeout(20, async (t) => {
          scope = t;
          try {
            await sleep(500);
          } finally {
            await sleep(50).catch(() => undefined);
          }
        }),
      );
      await sleep(10);
      both.cancel();
      await expect(both).rejects.toBeInstanceOf(CancelledError);
      expect(scope.expired()).toBe(true);
    }, virtual());
  });

  it("timeoutAt() takes an absolute loop time; one in the past expires on the next await", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const start = loop.time();
      const error = await timeoutAt(start + 30, () => sleep(1000)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(loop.time() - start).toBe(30);
      const past = await timeoutAt(loop.time() - 5, () => sleep(1000)).catch((err: unknown) => err);
      expect(past).toBeInstanceOf(TimeoutError);
      expect(loop.time() - start).toBe(30);
    }, virtual());
  });

  it("await using: no expiry is silent; on expiry JavaScript reports a SuppressedError carrying the TimeoutError", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      {
        await using t = timeout(100);
        await sleep(50);
        expect(t.expired()).toBe(false);
      }
      let caught: unknown;
      try {
        await using _t = timeout(100);
        await sleep(1000);
      } catch (err) {
        caught = err;
      }
      const suppressed = caught as { name: string; error: unknown; suppressed: unknown };
      expect(suppressed.name).toBe("SuppressedError");
      expect(suppressed.error).toBeInstanceOf(TimeoutError);
      expect(suppressed.suppressed).toBeInstanceOf(CancelledError);
      expect(loop.time()).toBe(150);
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(10);
      // Expired while the block awaited a foreign promise, and the block ended before any tsio
      // await: the cancellation never reached it, so it is withdrawn and nothing is thrown.
      {
        await using t = timeout(0);
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        expect(t.expired()).toBe(true);
      }
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(1);
      expect(loop.time()).toBe(161);
    }, virtual());
  });

  it("must be used inside a task", async () => {
    expect(() => timeout(10)).toThrow(EventLoopError);
    await run(async () => {
      const loop = getRunningLoop();
      const fut = loop.createFuture<unknown>();
      loop.callSoon(() => {
        try {
          timeout(10);
          fut.setResult(null);
        } catch (err) {
          fut.setResult(err);
        }
      });
      const err = await fut;
      expect(err).toBeInstanceOf(EventLoopError);
      expect((err as Error).message).toMatch(/inside a task/);
    }, virtual());
  });
});
