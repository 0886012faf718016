// Conformance: the cancellation cases of CPython's Lib/test/test_asyncio/test_tasks.py
// (BaseTaskTests), translated to tsio. Times are milliseconds (CPython's 0.1 s is 100 here).
import { CancelledError, Future, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, gather, sleep, Task, wait } from "../../src/index.js";
import { newTestLoop, runBriefly, runVirtual } from "./helpers.js";

describe("BaseTaskTests (cancellation)", () => {
  it("test_task_cancel_message_getter", async () => {
    const { loop } = newTestLoop();
    const t = new Task(async () => {}, loop);
    t.cancel("my message");
    const err = await loop.runUntilComplete(t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("my message");
  });

  it("test_cancelling", async () => {
    const { loop } = newTestLoop();
    const t = new Task(() => sleep(10_000), loop);
    expect(t.cancelling()).toBe(0);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBeGreaterThan(0);
    // A second request before delivery is still accepted (asyncio 3.11+).
    expect(t.cancel()).toBe(true);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });

  it("test_uncancel_basic", async () => {
    const { loop } = newTestLoop();
    const t = new Task(async () => {
      try {
        await sleep(10_000);
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        currentTask()!.uncancel();
        await sleep(10_000);
      }
    }, loop);
    await runBriefly(loop);

    expect(t.cancel()).toBe(true); // the first sleep
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await runBriefly(loop);

    expect(t.cancelling()).toBe(0); // after uncancel()
    expect(t.cancelled()).toBe(false);

    expect(t.cancel()).toBe(true); // the second sleep
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);

    // uncancel() no longer matters once the task is done.
    t.uncancel();
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);
  });

  it("test_uncancel_structured_blocks", async () => {
    const { loop } = newTestLoop();

    // A hand-written timeout, the way asyncio.timeout() uses cancel()/uncancel().
    async function requestWithTimeout(sleepMs: number, timeoutMs: number): Promise<[boolean, boolean, boolean]> {
      const task = currentTask()!;
      let timedOut = false;
      let blockFinished = false;
      const handle = getRunningLoop().callLater(timeoutMs, () => {
        timedOut = true;
        task.cancel();
      });
      try {
        try {
          await sleep(sleepMs);
          blockFinished = true;
        } catch (err) {
          if (timedOut && task.uncancel() === 0 && err instanceof CancelledError) throw new TimeoutMarker();
          throw err;
        } finally {
          handle.cancel();
        }
      } catch (err) {
        if (!(err instanceof TimeoutMarker)) throw err;
        expect(timedOut).toBe(true);
      }
      const outerReached = true;
      await sleep(0);
      return [timedOut, blockFinished, outerReached];
    }

    const t1 = new Task(() => requestWithTimeout(10_000, 100), loop);
    expect(await loop.runUntilComplete(t1)).toEqual([true, false, true]);
    expect(t1.cancelling()).toBe(0);

    const t2 = new Task(() => requestWithTimeout(0, 10_000), loop);
    expect(await loop.runUntilComplete(t2)).toEqual([false, true, true]);
    expect(t2.cancelling()).toBe(0);
  });

  it("test_uncancel_resets_must_cancel", async () => {
    const { loop } = newTestLoop();
    const fut = loop.createFuture<void>();
    const task = new Task(async () => {
      await fut;
      return 42;
    }, loop);
    await runBriefly(loop); // the task now waits for fut
    fut.setResult(); // its wake-up is queued
    task.cancel(); // a request that can only land at the resumed await
    expect(task.cancelling()).toBe(1);
    task.uncancel(); // withdrawn before it lands
    expect(task.cancelling()).toBe(0);
    expect(await loop.runUntilComplete(task)).toBe(42);
  });

  it("test_cancel", async () => {
    const { loop } = newTestLoop();
    const t = new Task(async () => {
      await sleep(10_000);
      return 12;
    }, loop);
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  // CPython runs both with no message, None and a non-string; a tsio message is a string, so the
  // cases are: none, and one message.
  for (const [name, read] of [
    ["test_cancel_with_message_then_future_result", (t: Task<unknown>) => t.result()],
    ["test_cancel_with_message_then_future_exception", (t: Task<unknown>) => t.exception()],
  ] as const) {
    it(name, async () => {
      for (const msg of [undefined, "my message"]) {
        const { loop } = newTestLoop();
        const outer = new Task(async () => {
          const task = createTask(() => sleep(10_000));
          await sleep(0);
          task.cancel(msg);
          await wait([task]);
          read(task);
        }, loop);
        const err = await loop.runUntilComplete(outer).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CancelledError);
        if (msg !== undefined) expect((err as Error).message).toBe(msg);
        expect(outer.cancelled()).toBe(true);
      }
    });
  }

  it("test_cancellation_exception_context", async () => {
    const { loop } = newTestLoop();
    const fut = loop.createFuture<void>();
    const task = new Task(async () => {
      const inner = createTask(async () => {
        fut.setResult();
        await sleep(10_000);
      });
      await fut;
      loop.callSoon(() => inner.cancel("msg"));
      try {
        await inner;
      } catch (err) {
        throw new Error("cancelled", { cause: err });
      }
    }, loop);
    const err = (await loop.runUntilComplete(task).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe("cancelled");
    expect(err.cause).toBeInstanceOf(CancelledError);
    expect((err.cause as Error).message).toBe("msg");
  });

  it("test_cancel_with_message_before_starting_task", async () => {
    const { loop } = newTestLoop();
    let started = false;
    const outer = new Task(async () => {
      const task = createTask(async () => {
        started = true;
        await sleep(10_000);
      });
      task.cancel("my message"); // before it ever ran
      await wait([task]);
      task.exception();
    }, loop);
    const err = await loop.runUntilComplete(outer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("my message");
    expect(started).toBe(false);
  });

  it("test_cancel_yield", async () => {
    const { loop } = newTestLoop();
    const t = new Task(async () => {
      await sleep(0);
      await sleep(0);
      return 12;
    }, loop);
    await runBriefly(loop); // start the body
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  it("test_cancel_inner_future", async () => {
    const { loop } = newTestLoop();
    const f = loop.createFuture<void>();
    const t = new Task(async () => {
      await f;
      return 12;
    }, loop);
    await runBriefly(loop);
    f.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  it("test_cancel_both_task_and_inner_future", async () => {
    const { loop } = newTestLoop();
    const f = loop.createFuture<void>();
    const t = new Task(async () => {
      await f;
      return 12;
    }, loop);
    await runBriefly(loop);
    f.cancel();
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  it("test_cancel_task_catching", async () => {
    const { loop } = newTestLoop();
    const fut1 = loop.createFuture<void>();
    const fut2 = loop.createFuture<void>();
    const t = new Task(async () => {
      await fut1;
      try {
        await fut2;
      } catch (err) {
        if (err instanceof CancelledError) return 42;
        throw err;
      }
      return 0;
    }, loop);
    await runBriefly(loop);
    fut1.setResult();
    await runBriefly(loop);
    t.cancel();
    // The request went straight to what the task waits on.
    expect(fut2.cancelled()).toBe(true);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(t.cancelled()).toBe(false);
  });

  it("test_cancel_task_ignoring", async () => {
    const { loop } = newTestLoop();
    const fut1 = loop.createFuture<void>();
    const fut2 = loop.createFuture<void>();
    const fut3 = loop.createFuture<number>();
    const t = new Task(async () => {
      await fut1;
      try {
        await fut2;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
      return await fut3;
    }, loop);
    await runBriefly(loop);
    fut1.setResult();
    await runBriefly(loop);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    await runBriefly(loop);
    fut3.setResult(42);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(fut3.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
  });

  it("test_cancel_current_task", async () => {
    const { loop } = newTestLoop();
    let reachedEnd = false;
    const t: Task<number> = new Task(async () => {
      t.cancel();
      // The request is held until the next await, which it cancels at once.
      await sleep(100_000);
      reachedEnd = true;
      return 12;
    }, loop);
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(reachedEnd).toBe(false);
    expect(loop.time()).toBe(0);
  });

  it("test_cancel_at_end", async () => {
    const { loop } = newTestLoop();
    const t: Task<number> = new Task(async () => {
      t.cancel();
      return 12;
    }, loop);
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  it("test_cancel_awaited_task", async () => {
    const { loop } = newTestLoop();
    const fut = loop.createFuture<void>();
    let nested: Task<void> | undefined;
    const task: Task<void> = new Task(async () => {
      nested = createTask(async () => {
        await fut;
      });
      await sleep(0);
      task.cancel(); // not suspended: the request waits for the next await...
      await nested; // ...which cancels the nested task, and through it fut
    }, loop);
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    expect(nested?.cancelled()).toBe(true);
    expect(fut.cancelled()).toBe(true);
  });

  it("test_stop_while_run_in_complete", async () => {
    const { loop } = newTestLoop();
    let x = 0;
    const t = new Task(async () => {
      while (x < 10) {
        await sleep(100);
        x++;
        if (x === 2) loop.stop();
      }
    }, loop);
    await expect(loop.runUntilComplete(t)).rejects.toThrow(/stopped before the future completed/);
    expect(t.done()).toBe(false);
    expect(x).toBe(2);
    expect(loop.time()).toBe(200);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });

  it("test_sleep_cancel", async () => {
    const { loop } = newTestLoop();
    const t = new Task(() => sleep(10_000, "yeah"), loop);
    await runBriefly(loop);
    expect(loop.pendingWork().timers).toBe(1); // the sleep's timer is armed
    t.cancel();
    await runBriefly(loop);
    expect(loop.pendingWork().timers).toBe(0); // and freed by the cancel
    expect(t.cancelled()).toBe(true);
  });

  it("test_task_cancel_sleeping_task", async () => {
    const { loop } = newTestLoop();
    const doer = new Task(async () => {
      const sleeper = createTask(() => sleep(5_000_000));
      loop.callLater(100, () => sleeper.cancel());
      try {
        await sleeper;
      } catch (err) {
        if (err instanceof CancelledError) return "cancelled";
        throw err;
      }
      return "slept in";
    }, loop);
    expect(await loop.runUntilComplete(doer)).toBe("cancelled");
    expect(loop.time()).toBe(100);
  });

  it("test_task_cancel_waiter_future", async () => {
    const { loop } = newTestLoop();
    const fut = loop.createFuture<void>();
    const task = new Task(async () => {
      await fut;
    }, loop);
    await runBriefly(loop);
    task.cancel();
    await runBriefly(loop);
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(fut.cancelled()).toBe(true);
  });

  it("test_baseexception_during_cancel", async () => {
    // CPython raises SystemExit from the except block; JavaScript has no BaseException, so any
    // error thrown while handling the cancellation stands for it.
    const { loop } = newTestLoop();
    const exit = new Error("SystemExit");
    const task = new Task(async () => {
      try {
        await sleep(10_000);
      } catch (err) {
        if (err instanceof CancelledError) throw exit;
        throw err;
      }
    }, loop);
    await runBriefly(loop);
    task.cancel();
    expect(task.done()).toBe(false);
    await runBriefly(loop);
    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
    expect(task.exception()).toBe(exit);
  });

  it("test_yield_future_passes_cancel", async () => {
    const { loop } = newTestLoop();
    let proof = 0;
    const waiter = loop.createFuture<void>();
    async function inner(): Promise<void> {
      try {
        await waiter;
      } catch (err) {
        proof += 1;
        throw err;
      }
      throw new Error("got past the await in inner()");
    }
    const f = new Task(async () => {
      try {
        await inner();
        proof += 10;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        proof += 100; // the expected path
      }
    }, loop);
    await runBriefly(loop);
    f.cancel();
    await loop.runUntilComplete(f);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  it("test_yield_wait_does_not_shield_cancel", async () => {
    const { loop } = newTestLoop();
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const f = new Task(async () => {
      await wait([
        createTask(async () => {
          await waiter;
          proof += 1;
        }),
      ]);
      proof += 100;
    }, loop);
    await runBriefly(loop);
    f.cancel();
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError);
    // wait() stopped waiting, but the inner task was not cancelled.
    waiter.setResult();
    await runBriefly(loop);
    expect(proof).toBe(1);
  });

  it("test_tb_logger_not_called_after_cancel", async () => {
    // CPython's Future.cancel() on a done task silences "exception was never retrieved". tsio
    // keeps the report: cancel() of a finished task changes nothing, and a failure is never lost.
    const reports: string[] = [];
    let failed: Task<void> | undefined;
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => {
        reports.push(context.message);
      });
      failed = createTask(async () => {
        throw new TypeError("boom");
      });
      await sleep(50);
      expect(failed.cancel()).toBe(false);
    });
    expect(failed?.cancelled()).toBe(false);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/never retrieved/);
  });

  it("test_cancel_gather_1", async () => {
    // Differs (README "A body's return is seen one microtask late"): in CPython the child task has
    // already returned when fut's next done callback cancels the task awaiting the gather, so the
    // cancel is refused. In tsio the child's return is still a queued microtask at that moment, so
    // the cancel lands: the child, the gather and the task end cancelled.
    const { loop } = newTestLoop();
    const fut = loop.createFuture<number>();
    // Boxed: an async function returning a task would adopt it and wait for it.
    const { gatherTask, gathered } = await loop.runUntilComplete(
      new Task(async () => {
        const gathered = gather(async () => await fut);
        return { gathered, gatherTask: createTask(() => gathered) };
      }, loop),
    );
    let cancelResult: boolean | undefined;
    fut.addDoneCallback(() => {
      cancelResult = gatherTask.cancel();
    });
    fut.setResult(42);
    await expect(loop.runUntilComplete(gatherTask)).rejects.toBeInstanceOf(CancelledError);
    expect(cancelResult).toBe(true);
    expect(gatherTask.cancelled()).toBe(true);
    expect(gathered.cancelled()).toBe(true);
  });

  it("test_cancel_gather_2", async () => {
    for (const msg of [undefined, "my message"]) {
      const err = await runVirtual(async () => {
        const qwe = createTask(async () => {
          let time = 0;
          for (;;) {
            time += 50;
            await gather([() => sleep(50)], { returnExceptions: true });
            if (time > 1000) return;
          }
        });
        await sleep(200);
        qwe.cancel(msg);
        await qwe;
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      if (msg !== undefined) expect((err as Error).message).toBe(msg);
    }
  });

  it("test_step_result_future", async () => {
    // Awaiting a Future subclass adds a done callback to it; the task takes the result.
    const { loop } = newTestLoop();
    let added = 0;
    class Fut<T> extends Future<T> {
      override addDoneCallback(fn: (f: Future<T>) => void): void {
        added++;
        super.addDoneCallback(fn);
      }
      override _addCallback(...args: Parameters<Future<T>["_addCallback"]>): void {
        added++;
        super._addCallback(...args);
      }
    }
    const fut = new Fut<object>(loop);
    let result: unknown;
    const t = new Task(async () => {
      result = await fut;
    }, loop);
    await runBriefly(loop);
    expect(added).toBeGreaterThan(0);
    const res = {};
    fut.setResult(res);
    await runBriefly(loop);
    expect(result).toBe(res);
    expect(t.done()).toBe(true);
    expect(t.result()).toBeUndefined();
  });
});

class TimeoutMarker extends Error {}
