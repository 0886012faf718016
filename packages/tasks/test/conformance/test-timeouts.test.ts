// CPython's Lib/test/test_asyncio/test_timeouts.py, translated case by case (see README.md here).
// `async with asyncio.timeout(s) as cm:` is `await timeout(ms, async (cm) => ...)`; durations are
// milliseconds. JavaScript has no implicit exception context (`__context__`), so only the
// explicit chain (`cause`) of CPython's assertions is checked.
import { CancelledError, EventLoopError, getRunningLoop, InvalidStateError, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import {
  createTask,
  currentTask,
  sleep,
  TaskGroupError,
  type Timeout,
  taskGroup,
  timeout,
  timeoutAt,
} from "../../src/index.js";
import { BusyClock, runVirtual, thrown, thrownOutsideATask } from "../helpers/conformance-run.js";

class ZeroDivisionError extends Error {}
class KeyError extends Error {}
class ValueError extends Error {}

describe("TimeoutTests", () => {
  it("test_timeout_basic", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      const err = await thrown(() =>
        timeout(10, async (t) => {
          cm = t;
          await sleep(10_000);
        }),
      );
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
    }));

  it("test_timeout_at_basic", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      let cm!: Timeout;
      const deadline = loop.time() + 10;
      const err = await thrown(() =>
        timeoutAt(deadline, async (t) => {
          cm = t;
          await sleep(10_000);
        }),
      );
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(deadline);
    }));

  it("test_nested_timeouts", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      let cancelled = false;
      let cm1!: Timeout;
      let cm2!: Timeout;
      const deadline = loop.time() + 10;
      const err = await thrown(() =>
        timeoutAt(deadline, async (t1) => {
          cm1 = t1;
          // Only the outermost timeout raises TimeoutError.
          try {
            await timeoutAt(deadline, async (t2) => {
              cm2 = t2;
              await sleep(10_000);
            });
          } catch (e) {
            if (e instanceof CancelledError) cancelled = true;
            throw e;
          }
        }),
      );
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
      expect(cm1.expired()).toBe(true);
      expect(cm2.expired()).toBe(true);
    }));

  it("test_waiter_cancelled", () =>
    runVirtual(async () => {
      let cancelled = false;
      const err = await thrown(() =>
        timeout(10, async () => {
          try {
            await sleep(10_000);
          } catch (e) {
            if (e instanceof CancelledError) cancelled = true;
            throw e;
          }
        }),
      );
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
    }));

  it("test_timeout_not_called", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      let cm!: Timeout;
      await timeout(10_000, async (t) => {
        cm = t;
        await sleep(10);
      });
      const t1 = loop.time();
      expect(cm.expired()).toBe(false);
      expect(cm.when()!).toBeGreaterThan(t1);
    }));

  it("test_timeout_disabled", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      await timeout(null, async (t) => {
        cm = t;
        await sleep(10);
      });
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeNull();
    }));

  it("test_timeout_at_disabled", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      await timeoutAt(null, async (t) => {
        cm = t;
        await sleep(10);
      });
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeNull();
    }));

  it("test_timeout_zero", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const t0 = loop.time();
      let cm!: Timeout;
      const err = await thrown(() =>
        timeout(0, async (t) => {
          cm = t;
          await sleep(10_000);
        }),
      );
      const t1 = loop.time();
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(t0 <= cm.when()! && cm.when()! <= t1).toBe(true);
    }));

  it("test_timeout_zero_sleep_zero", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const t0 = loop.time();
      let cm!: Timeout;
      const err = await thrown(() =>
        timeout(0, async (t) => {
          cm = t;
          await sleep(0);
        }),
      );
      const t1 = loop.time();
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(t0 <= cm.when()! && cm.when()! <= t1).toBe(true);
    }));

  it("test_timeout_in_the_past_sleep_zero", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      // asyncio takes timeout(-11) as a deadline in the past; tsio refuses a negative delay and
      // takes a past deadline from timeoutAt.
      expect(() => timeout(-11)).toThrow(RangeError);
      const t0 = loop.time();
      let cm!: Timeout;
      const err = await thrown(() =>
        timeoutAt(loop.time() - 11, async (t) => {
          cm = t;
          await sleep(0);
        }),
      );
      const t1 = loop.time();
      expect(err).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(t0 >= cm.when()! && cm.when()! <= t1).toBe(true);
    }));

  it("test_foreign_exception_passed", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      const err = await thrown(() =>
        timeout(10, (t) => {
          cm = t;
          throw new KeyError();
        }),
      );
      expect(err).toBeInstanceOf(KeyError);
      expect(cm.expired()).toBe(false);
    }));

  it("test_timeout_exception_context", () =>
    runVirtual(async () => {
      const err = await thrown(() =>
        timeout(10, async () => {
          try {
            throw new ZeroDivisionError();
          } finally {
            await sleep(1000);
          }
        }),
      );
      // A TimeoutError caused by the CancelledError that interrupted the `finally`.
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).cause).toBeInstanceOf(CancelledError);
      expect(((err as Error).cause as Error).cause).toBeUndefined();
    }));

  it("test_foreign_exception_on_timeout", () =>
    runVirtual(async () => {
      const crash = async () => {
        try {
          await sleep(1000);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the crash in clean-up is the point.
          throw new ZeroDivisionError();
        }
      };
      const err = await thrown(() => timeout(10, crash));
      // The clean-up's own error wins over the timeout.
      expect(err).toBeInstanceOf(ZeroDivisionError);
      expect((err as Error).cause).toBeUndefined();
    }));

  it("test_foreign_exception_on_timeout_2", () =>
    runVirtual(async () => {
      const err = await thrown(() =>
        timeout(10, async () => {
          try {
            try {
              throw new ValueError();
            } finally {
              await sleep(1000);
            }
          } finally {
            try {
              // biome-ignore lint/correctness/noUnsafeFinally: an error while unwinding is the point.
              throw new KeyError();
            } finally {
              // biome-ignore lint/correctness/noUnsafeFinally: an error while unwinding is the point.
              throw new ZeroDivisionError();
            }
          }
        }),
      );
      expect(err).toBeInstanceOf(ZeroDivisionError);
      expect((err as Error).cause).toBeUndefined();
    }));

  it("test_foreign_cancel_doesnt_timeout_if_not_expired", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      const err = await thrown(() =>
        timeout(10_000, async (t) => {
          cm = t;
          currentTask()!.cancel();
          await sleep(10_000);
        }),
      );
      expect(err).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    }));

  it("test_outer_task_is_not_cancelled", () =>
    runVirtual(async () => {
      const task = createTask(async () => {
        await expect(timeout(1, () => sleep(10_000))).rejects.toBeInstanceOf(TimeoutError);
      });
      await task;
      expect(task.cancelled()).toBe(false);
      expect(task.done()).toBe(true);
    }));

  it("test_nested_timeouts_concurrent", () => {
    const clock = new BusyClock();
    return runVirtual(async () => {
      const err = await thrown(() =>
        timeout(2, async () => {
          const inner = await thrown(() =>
            timeout(100, async () => {
              // Pretend to crunch numbers: the loop is blocked while 10 ms pass.
              clock.block(10);
              await sleep(1000);
            }),
          );
          // CPython expects the inner TimeoutError here only if the outer one let it through.
          if (!(inner instanceof TimeoutError)) throw inner;
        }),
      );
      expect(err).toBeInstanceOf(TimeoutError);
    }, clock);
  });

  it("test_nested_timeouts_loop_busy", () => {
    const clock = new BusyClock();
    return runVirtual(async () => {
      // After the inner timeout comes an expensive operation the outer timeout must stop.
      const loop = getRunningLoop();
      const t0 = loop.time();
      const err = await thrown(() =>
        timeout(100, async () => {
          try {
            await timeout(10, async () => {
              // Pretend the loop is busy for a while: both deadlines pass meanwhile.
              clock.block(100);
              await sleep(1000);
            });
          } catch (e) {
            // As CPython's assertRaises(TimeoutError): anything else goes on.
            if (!(e instanceof TimeoutError)) throw e;
          }
          await sleep(10_000); // interrupted by the outer timeout
        }),
      );
      const t1 = loop.time();
      expect(err).toBeInstanceOf(TimeoutError);
      expect(t0 <= t1 && t1 <= t0 + 1000).toBe(true);
    }, clock);
  });

  it("test_reschedule", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const fut = loop.createFuture<Timeout>();
      const deadline1 = loop.time() + 10_000;
      const deadline2 = deadline1 + 20_000;
      const task = createTask(() =>
        timeoutAt(deadline1, async (cm) => {
          fut.setResult(cm);
          await sleep(50_000);
        }),
      );
      const cm = await fut;
      expect(cm.when()).toBe(deadline1);
      cm.reschedule(deadline2);
      expect(cm.when()).toBe(deadline2);
      cm.reschedule(null);
      expect(cm.when()).toBeNull();
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    }));

  it("test_nested_timeout_in_finally", () =>
    runVirtual(async () => {
      let e2: unknown;
      const e1 = await thrown(() =>
        timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            e2 = await thrown(() => timeout(10, () => sleep(10_000)));
          }
        }),
      );
      // Each TimeoutError is caused by the CancelledError of its own expiry.
      expect(e1).toBeInstanceOf(TimeoutError);
      expect((e1 as Error).cause).toBeInstanceOf(CancelledError);
      expect(e2).toBeInstanceOf(TimeoutError);
      expect((e2 as Error).cause).toBeInstanceOf(CancelledError);
      expect((e2 as Error).cause).not.toBe((e1 as Error).cause);
    }));

  it("test_timeout_after_cancellation", () =>
    runVirtual(async () => {
      try {
        currentTask()!.cancel();
        await sleep(1000); // work which is cancelled
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      } finally {
        // Clean-up under its own timeout still gets TimeoutError.
        await expect(timeout(0, () => sleep(1000))).rejects.toBeInstanceOf(TimeoutError);
      }
    }));

  it("test_cancel_in_timeout_after_cancellation", () =>
    runVirtual(async () => {
      try {
        currentTask()!.cancel();
        await sleep(1000); // work which is cancelled
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      } finally {
        const err = await thrown(() =>
          timeout(1000, async () => {
            currentTask()!.cancel();
            await sleep(2000); // some clean-up
          }),
        );
        expect(err).toBeInstanceOf(CancelledError);
      }
    }));

  it("test_timeout_finished", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      await timeout(10, (t) => {
        cm = t;
      });
      expect(() => cm.reschedule(20)).toThrow(InvalidStateError);
      expect(() => cm.reschedule(20)).toThrow(/finished/);
    }));

  it("test_timeout_expired", () =>
    runVirtual(async () => {
      let cm!: Timeout;
      await expect(
        timeout(10, async (t) => {
          cm = t;
          await sleep(1000);
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(() => cm.reschedule(20)).toThrow(InvalidStateError);
      expect(() => cm.reschedule(20)).toThrow(/expired/);
    }));

  it("test_timeout_expiring", () =>
    runVirtual(async () => {
      await timeout(10, async (cm) => {
        await expect(sleep(1000)).rejects.toBeInstanceOf(CancelledError);
        // asyncio says "expiring"; tsio's message says the timeout "has already expired".
        expect(() => cm.reschedule(20)).toThrow(InvalidStateError);
        expect(() => cm.reschedule(20)).toThrow(/expired/);
      });
    }));

  it("test_timeout_without_task", () =>
    runVirtual(async () => {
      // A plain loop callback is not a task: timeout() refuses to start there.
      const err = await thrownOutsideATask(() => timeout(10));
      expect(err).toBeInstanceOf(EventLoopError);
      expect(String(err)).toMatch(/task/);
    }));

  it("test_timeout_taskgroup", () =>
    runVirtual(async () => {
      const task = async () => {
        try {
          await sleep(2000); // interrupted after 10 ms
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: a crash in clean-up is the point.
          throw new ZeroDivisionError();
        }
      };
      const eg = await thrown(() =>
        timeout(10, () =>
          taskGroup(async (tg) => {
            tg.createTask(task);
            try {
              throw new ValueError();
            } finally {
              await sleep(1000);
            }
          }),
        ),
      );
      expect(eg).toBeInstanceOf(TaskGroupError);
      const errors = (eg as TaskGroupError).errors;
      expect(errors.length).toBe(1);
      expect(errors[0]).toBeInstanceOf(ZeroDivisionError);
    }));
});
