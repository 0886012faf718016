// CPython's Lib/test/test_asyncio/test_waitfor.py, translated case by case (see README.md here).
// `asyncio.wait_for(coro(), s)` is `waitFor(() => coro(), ms)`: a function is started as a child
// task, as asyncio wraps a coroutine in one. Durations are milliseconds.
import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, shield, sleep, type Task, wait, waitFor } from "../../src/index.js";
import { runVirtual, thrown } from "../helpers/conformance-run.js";

/** A very small timeout: positive, yet with almost no effect on the test. */
const EPSILON = 0.1;

/** Runs for TASK_TIMEOUT ms of loop time, ignoring cancellation requests. */
class SlowTask {
  static readonly TASK_TIMEOUT = 200;
  exited = false;

  readonly run = async (): Promise<void> => {
    const loop = getRunningLoop();
    const exitAt = loop.time() + SlowTask.TASK_TIMEOUT;
    for (;;) {
      const toSleep = exitAt - loop.time();
      if (toSleep <= 0) break;
      try {
        await sleep(toSleep);
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
    }
    this.exited = true;
  };
}

describe("AsyncioWaitForTest", () => {
  it("test_asyncio_wait_for_cancelled", () =>
    runVirtual(async () => {
      const t = new SlowTask();
      const waitForTask = createTask(() => waitFor(t.run, SlowTask.TASK_TIMEOUT * 2));
      await sleep(0);
      // asyncio 3.12+ runs the coroutine inline in the waiting task; tsio starts the function as a
      // child task one iteration later, and a cancel before that would skip it altogether.
      await sleep(0);
      waitForTask.cancel();
      await wait([waitForTask]);
      expect(t.exited).toBe(true);
    }));

  it("test_asyncio_wait_for_timeout", () =>
    runVirtual(async () => {
      const t = new SlowTask();
      try {
        await waitFor(t.run, SlowTask.TASK_TIMEOUT / 2);
      } catch (err) {
        if (!(err instanceof TimeoutError)) throw err;
      }
      expect(t.exited).toBe(true);
    }));

  it("test_wait_for_timeout_less_then_0_or_0_future_done", () =>
    runVirtual(async () => {
      const fut = getRunningLoop().createFuture<string>();
      fut.setResult("done");
      expect(await waitFor(fut, 0)).toBe("done");
      expect(fut.done()).toBe(true);
    }));

  it("test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", () =>
    runVirtual(async () => {
      let fooStarted = false;
      const foo = async () => {
        fooStarted = true;
      };
      await expect(waitFor(foo, 0)).rejects.toBeInstanceOf(TimeoutError);
      expect(fooStarted).toBe(false);
    }));

  it("test_wait_for_timeout_less_then_0_or_0", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      // asyncio treats -1 like 0; tsio refuses a negative timeout at the call.
      expect(() => waitFor(loop.createFuture(), -1)).toThrow(RangeError);
      let fooRunning: boolean | null = null;
      const started = loop.createFuture<void>();
      const fut = createTask(async () => {
        fooRunning = true;
        started.setResult();
        try {
          await sleep(10_000);
        } finally {
          fooRunning = false;
        }
        return "done";
      });
      await started;
      await expect(waitFor(fut, 0)).rejects.toBeInstanceOf(TimeoutError);
      expect(fut.done()).toBe(true);
      // Cancelled because of the timeout.
      expect(fut.cancelled()).toBe(true);
      expect(fooRunning).toBe(false);
    }));

  it("test_wait_for", () =>
    runVirtual(async () => {
      let fooRunning: boolean | null = null;
      const fut = createTask(async () => {
        fooRunning = true;
        try {
          await sleep(300_000);
        } finally {
          fooRunning = false;
        }
        return "done";
      });
      await expect(waitFor(fut, 100)).rejects.toBeInstanceOf(TimeoutError);
      expect(fut.done()).toBe(true);
      expect(fut.cancelled()).toBe(true);
      expect(fooRunning).toBe(false);
    }));

  it("test_wait_for_blocking", () =>
    runVirtual(async () => {
      expect(await waitFor(async () => "done", null)).toBe("done");
    }));

  it("test_wait_for_race_condition", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      const task = waitFor(fut, 200);
      loop.callSoon(() => fut.setResult("ok"));
      expect(await task).toBe("ok");
    }));

  it("test_wait_for_cancellation_race_condition", () =>
    runVirtual(async () => {
      const inner = async () => {
        await expect(sleep(1000)).rejects.toBeInstanceOf(CancelledError);
        return 1;
      };
      expect(await waitFor(inner, 10)).toBe(1);
    }));

  it("test_wait_for_waits_for_task_cancellation", () =>
    runVirtual(async () => {
      let taskDone = false;
      const innerTask = createTask(async () => {
        try {
          await sleep(10_000);
        } catch (err) {
          if (err instanceof CancelledError) await sleep(EPSILON);
          throw err;
        } finally {
          taskDone = true;
        }
      });
      const err = await thrown(() => waitFor(innerTask, EPSILON));
      expect(err).toBeInstanceOf(TimeoutError);
      expect(taskDone).toBe(true);
      expect((err as Error).cause).toBeInstanceOf(CancelledError);
    }));

  it("test_wait_for_waits_for_task_cancellation_w_timeout_0", () =>
    runVirtual(async () => {
      let taskDone = false;
      const foo = async () => {
        const innerTask = createTask(async () => {
          try {
            await sleep(10_000);
          } catch (err) {
            if (err instanceof CancelledError) await sleep(EPSILON);
            throw err;
          } finally {
            taskDone = true;
          }
        });
        await sleep(EPSILON);
        await waitFor(innerTask, 0);
      };
      const err = await thrown(foo);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(taskDone).toBe(true);
      expect((err as Error).cause).toBeInstanceOf(CancelledError);
    }));

  it("test_wait_for_reraises_exception_during_cancellation", () =>
    runVirtual(async () => {
      class FooException extends Error {}
      const foo = async () => {
        const innerTask = createTask(async () => {
          try {
            await sleep(200);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: a crash while cancelled is the point.
            throw new FooException();
          }
        });
        await waitFor(innerTask, EPSILON);
      };
      await expect(foo()).rejects.toBeInstanceOf(FooException);
    }));

  const cancelWaitFor = async (ms: number | null) => {
    const loop = getRunningLoop();
    const task = createTask(async () => {
      // Blocks: the future's result is never set.
      await loop.createFuture<void>();
    });
    const waiting = createTask(() => waitFor(task, ms));
    loop.callSoon(() => waiting.cancel());
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    // CPython issue #23219: cancelling the wait must also cancel the task.
    expect(task.cancelled()).toBe(true);
  };

  it("test_cancel_blocking_wait_for", () => runVirtual(() => cancelWaitFor(null)));

  it("test_cancel_wait_for", () => runVirtual(() => cancelWaitFor(60_000)));

  it("test_wait_for_cancel_suppressed", () =>
    runVirtual(async () => {
      // CPython GH-86296: a task that swallows the cancellation and returns a value gives that
      // value, as with timeout().
      const return42 = async () => {
        try {
          await sleep(10_000);
        } catch (err) {
          if (err instanceof CancelledError) return 42;
          throw err;
        }
        return 0;
      };
      expect(await waitFor(return42, 100)).toBe(42);
    }));

  it("test_wait_for_issue86296", () =>
    runVirtual(async () => {
      // CPython GH-86296: the task is cancelled and does not run to completion, although the
      // inner task finishes in the same loop cycle.
      const innerTask = createTask(async () => "done");
      let reachedEnd = false;
      const task = createTask(async () => {
        await waitFor(innerTask, 100_000);
        await sleep(1000);
        reachedEnd = true;
      });
      expect(task.done()).toBe(false);
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(innerTask.done()).toBe(true);
      expect(await innerTask).toBe("done");
      expect(reachedEnd).toBe(false);
    }));
});

describe("WaitForShieldTests", () => {
  it("test_zero_timeout", () =>
    runVirtual(async () => {
      // The future shield() returns is cancelled at once by the zero timeout; the task it
      // protects goes on in the background.
      const task = createTask(async () => {
        await sleep(10);
        return "done";
      });
      const shielded = shield(task);
      await expect(waitFor(shielded, 0)).rejects.toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(shielded.cancelled()).toBe(true);
      await sleep(100);
      expect(task.done()).toBe(true);
    }));

  it("test_none_timeout", () =>
    runVirtual(async () => {
      // No timeout: it runs to completion.
      const task = createTask(async () => {
        await sleep(100);
        return "done";
      });
      await waitFor(shield(task), null);
      expect(task.done()).toBe(true);
      expect(await task).toBe("done");
    }));

  it("test_shielded_timeout", () =>
    runVirtual(async () => {
      // shield() keeps the task from being cancelled.
      const task: Task<string> = createTask(async () => {
        await sleep(100);
        return "done";
      });
      await expect(waitFor(shield(task), 10)).rejects.toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(await task).toBe("done");
    }));
});
