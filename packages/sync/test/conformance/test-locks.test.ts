// CPython's Lib/test/test_asyncio/test_locks.py, translated case by case (see README.md here).
// Each `it` is named after the CPython test method it stands for; asyncio's RuntimeError and
// ValueError for misuse are tsio's InvalidStateError (sync README, "State errors").
import { CancelledError, getRunningLoop, InvalidStateError, TimeoutError } from "@tsio/loop";
import { createTask, gather, sleep, type Task, taskGroup, timeout, wait, waitFor } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { Barrier, BoundedSemaphore, BrokenBarrierError, Condition, Event, Lock, Semaphore } from "../../src/index.js";
import { runVirtual } from "../helpers/virtual-run.js";

describe("LockTests", () => {
  it("test_lock", () =>
    runVirtual(async () => {
      // asyncio raises TypeError for `await lock`; JavaScript awaits any non-thenable as a value.
      const lock = new Lock();
      expect("then" in lock).toBe(false);
      expect(await (lock as unknown as PromiseLike<Lock>)).toBe(lock);
      expect(lock.locked()).toBe(false);
    }));

  it("test_acquire", () =>
    runVirtual(async () => {
      const lock = new Lock();
      const result: number[] = [];
      expect(await lock.acquire()).toBeTruthy();
      const c = (n: number) => async () => {
        if (await lock.acquire()) result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1]);
      await sleep(0);
      expect(result).toEqual([1]);
      const t3 = createTask(c(3));
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
      lock.release();
    }));

  it("test_acquire_cancel", () =>
    runVirtual(async () => {
      const lock = new Lock();
      expect(await lock.acquire()).toBeTruthy();
      const task = createTask(() => lock.acquire());
      getRunningLoop().callSoon(() => task.cancel());
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(lock._waiters.size).toBe(0);
    }));

  it("test_cancel_race", () =>
    runVirtual(async () => {
      const lock = new Lock();
      const lockit = async (blocker: PromiseLike<unknown> | null) => {
        await lock.acquire();
        try {
          if (blocker !== null) await blocker;
        } finally {
          lock.release();
        }
      };
      const fa = getRunningLoop().createFuture<void>();
      const ta = createTask(() => lockit(fa));
      await sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = createTask(() => lockit(null));
      await sleep(0);
      expect(lock._waiters.size).toBe(1);
      const tc = createTask(() => lockit(null));
      await sleep(0);
      expect(lock._waiters.size).toBe(2);

      fa.setResult();
      tb.cancel();
      // asyncio keeps B's cancelled waiter queued until B resumes; tsio unlinks it at once.
      expect(lock._waiters.size).toBe(1);
      await sleep(0);
      // A released; asyncio reports the lock free until C resumes, tsio already handed it to C.
      expect(lock.locked()).toBe(true);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
      expect(lock.locked()).toBe(false);
    }));

  it("test_cancel_release_race", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      const lockit = async () => {
        callCount++;
        await lock.acquire();
        lockCount++;
      };
      await lock.acquire();
      const t1 = createTask(lockit);
      const t2 = createTask(lockit);
      const t3 = createTask(lockit);
      await sleep(0);
      loop.callSoon(() => {
        t1.cancel();
        lock.release();
      });
      await expect(t1).rejects.toBeInstanceOf(CancelledError);
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      await sleep(0);
      expect(t3.cancelled()).toBe(true);
    }));

  it("test_finished_waiter_cancelled", () =>
    runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      const tb = createTask(() => lock.acquire());
      await sleep(0);
      expect(lock._waiters.size).toBe(1);
      const tc = createTask(() => lock.acquire());
      tb.cancel();
      lock.release();
      await sleep(0);
      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
    }));

  it("test_release_not_acquired", () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
  });

  it("test_release_no_waiters", () =>
    runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    }));

  it("test_context_manager", () =>
    runVirtual(async () => {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      {
        await using _held = await lock.acquire();
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
      await lock.run(() => expect(lock.locked()).toBe(true));
      expect(lock.locked()).toBe(false);
    }));
});

describe("EventTests", () => {
  it("test_wait", () =>
    runVirtual(async () => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      const result: number[] = [];
      const c = (n: number) => async () => {
        if (await ev.wait()) result.push(n);
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      const t3 = createTask(c(3));
      ev.set();
      await sleep(0);
      expect(result).toEqual([3, 1, 2]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBeUndefined();
      }
    }));

  it("test_wait_on_set", () =>
    runVirtual(async () => {
      const ev = new Event();
      ev.set();
      expect(await ev.wait()).toBe(true);
    }));

  it("test_wait_cancel", () =>
    runVirtual(async () => {
      const ev = new Event();
      const waiting = createTask(() => ev.wait());
      getRunningLoop().callSoon(() => waiting.cancel());
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(ev._waiters.size).toBe(0);
    }));

  it("test_clear", () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    ev.set();
    expect(ev.isSet()).toBe(true);
    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  it("test_clear_with_waiters", () =>
    runVirtual(async () => {
      const ev = new Event();
      const result: number[] = [];
      const t = createTask(async () => {
        if (await ev.wait()) result.push(1);
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      // asyncio keeps a woken waiter queued until it resumes (1 here); tsio unlinks it on set().
      expect(ev._waiters.size).toBe(0);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.size).toBe(0);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));
});

describe("ConditionTests", () => {
  it("test_wait", () =>
    runVirtual(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(await cond.acquire()).toBeTruthy();
      cond.notify();
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);

      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
      cond.release();
    }));

  it("test_wait_cancel", () =>
    runVirtual(async () => {
      const cond = new Condition();
      await cond.acquire();
      const waiting = createTask(() => cond.wait());
      getRunningLoop().callSoon(() => waiting.cancel());
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(cond._waiters.size).toBe(0);
      expect(cond.locked()).toBe(true);
    }));

  it("test_wait_cancel_contested", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const cond = new Condition();
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = createTask(() => cond.wait());
      await sleep(0);
      expect(cond.locked()).toBe(false);

      // Notify, but contest the lock before cancelling.
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      try {
        await waitTask;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
      expect(cond.locked()).toBe(true);
    }));

  it("test_wait_cancel_after_notify", () =>
    runVirtual(async () => {
      let waited = false;
      const cond = new Condition();
      const waiter = createTask(() =>
        cond.run(async () => {
          waited = true;
          await cond.wait();
        }),
      );
      await sleep(0); // start waiting
      await cond.acquire();
      cond.notify();
      await sleep(0); // get to the re-acquire
      waiter.cancel();
      await sleep(0); // deliver the cancellation
      cond.release();
      await sleep(0); // the cancellation ends the waiter
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    }));

  it("test_wait_unacquired", () =>
    runVirtual(async () => {
      const cond = new Condition();
      // tsio throws at the call rather than from the returned promise.
      expect(() => cond.wait()).toThrow(InvalidStateError);
    }));

  it("test_wait_for", () =>
    runVirtual(async () => {
      const cond = new Condition();
      let presult = false;
      const result: number[] = [];
      const t = createTask(async () => {
        await cond.acquire();
        if (await cond.waitFor(() => presult)) {
          result.push(1);
          cond.release();
        }
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([]);

      presult = true;
      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  it("test_wait_for_unacquired", () =>
    runVirtual(async () => {
      const cond = new Condition();
      // asyncio returns a predicate that is already true without the lock; tsio refuses both.
      expect(() => cond.waitFor(() => [1, 2, 3])).toThrow(InvalidStateError);
      expect(() => cond.waitFor(() => false)).toThrow(InvalidStateError);
      // With the lock held, a true predicate returns at once, as in asyncio.
      expect(await cond.run(() => cond.waitFor(() => [1, 2, 3]))).toEqual([1, 2, 3]);
    }));

  it("test_notify", () =>
    runVirtual(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify(1);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);

      await cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of tasks) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  it("test_notify_all", () =>
    runVirtual(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2))];
      await sleep(0);
      expect(result).toEqual([]);
      await cond.acquire();
      cond.notifyAll();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      for (const t of tasks) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  it("test_notify_unacquired", () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(InvalidStateError);
  });

  it("test_notify_all_unacquired", () => {
    const cond = new Condition();
    expect(() => cond.notifyAll()).toThrow(InvalidStateError);
  });

  it("test_context_manager", () =>
    runVirtual(async () => {
      const cond = new Condition();
      expect(cond.locked()).toBe(false);
      await cond.run(() => expect(cond.locked()).toBe(true));
      expect(cond.locked()).toBe(false);
    }));

  it("test_explicit_lock", () =>
    runVirtual(async () => {
      const f = async (lock?: Lock, given?: Condition) => {
        const theLock = lock ?? new Lock();
        const cond = given ?? new Condition(theLock);
        expect(cond._lock).toBe(theLock);
        expect(theLock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
        await cond.run(() => {
          expect(theLock.locked()).toBe(true);
          expect(cond.locked()).toBe(true);
        });
        expect(theLock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
        await theLock.run(() => {
          expect(theLock.locked()).toBe(true);
          expect(cond.locked()).toBe(true);
        });
        expect(theLock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
      };
      await f();
      await f(new Lock());
      const lock = new Lock();
      await f(lock, new Condition(lock));
    }));

  it("test_timeout_in_block", () =>
    runVirtual(async () => {
      const condition = new Condition();
      await condition.run(async () => {
        await expect(waitFor(() => condition.wait(), 500)).rejects.toBeInstanceOf(TimeoutError);
        // The cancelled wait re-acquired the lock before it gave up, as run() expects.
        expect(condition.locked()).toBe(true);
      });
      expect(condition.locked()).toBe(false);
    }));

  /**
   * A task that waits on `cond` until `wake()` and records the CancelledError it rethrows; the
   * result says whether awaiting the task gives that same error, with the message "foo".
   */
  const rethrowingWaiter = (cond: Condition, wake: () => boolean) => {
    let raised: unknown = null;
    const task = createTask(() =>
      cond.run(async () => {
        try {
          await cond.waitFor(wake);
        } catch (err) {
          expect(err).toBeInstanceOf(CancelledError);
          raised = err;
          throw err;
        }
      }),
    );
    const expectSameError = async () => {
      const error = await task.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("foo");
      expect(error).toBe(raised);
    };
    return { task, expectSameError };
  };

  it("test_cancelled_error_wakeup", () =>
    runVirtual(async () => {
      const cond = new Condition();
      const { task, expectSameError } = rethrowingWaiter(cond, () => false);
      await sleep(0);
      // The task waits on the condition: cancel it there.
      task.cancel("foo");
      await expectSameError();
    }));

  it("test_cancelled_error_re_aquire", () =>
    runVirtual(async () => {
      let wake = false;
      const cond = new Condition();
      const { task, expectSameError } = rethrowingWaiter(cond, () => wake);
      await sleep(0);
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0);
      // The task now waits to re-acquire the lock: cancel it there.
      task.cancel("foo");
      cond.release();
      await expectSameError();
    }));

  const consumerOf = (condition: Condition, state: { n: number }) => () =>
    condition.run(async () => {
      for (;;) {
        await condition.waitFor(() => state.n !== 0);
        if (state.n < 0) return;
        state.n--;
      }
    });

  it("test_cancelled_wakeup", () =>
    runVirtual(async () => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [createTask(consumerOf(condition, state)), createTask(consumerOf(condition, state))];
      await sleep(0);
      await condition.run(async () => {
        state.n++;
        condition.notify(1);
        // Cancel the woken consumer while it waits to run: the wake-up must not be lost.
        c[0]!.cancel();
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (err) {
          if (!(err instanceof TimeoutError)) throw err;
        }
        expect(state.n).toBe(0);
        state.n = -1;
        condition.notifyAll();
      });
      await c[1];
    }));

  it("test_cancelled_wakeup_relock", () =>
    runVirtual(async () => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [createTask(consumerOf(condition, state)), createTask(consumerOf(condition, state))];
      await sleep(0);
      await condition.run(async () => {
        state.n++;
        condition.notify(1);
        // Let the woken consumer settle on re-acquiring the lock, then cancel it there.
        await sleep(0);
        c[0]!.cancel();
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (err) {
          if (!(err instanceof TimeoutError)) throw err;
        }
        expect(state.n).toBe(0);
        state.n = -1;
        condition.notifyAll();
      });
      await c[1];
    }));
});

describe("SemaphoreTests", () => {
  it("test_initial_value_zero", () => {
    const sem = new Semaphore(0);
    expect(sem.locked()).toBe(true);
  });

  it("test_semaphore", () =>
    runVirtual(async () => {
      // asyncio raises TypeError for `await sem`; JavaScript awaits any non-thenable as a value.
      const sem = new Semaphore();
      expect(sem._value).toBe(1);
      expect(await (sem as unknown as PromiseLike<Semaphore>)).toBe(sem);
      expect(sem.locked()).toBe(false);
      expect(sem._value).toBe(1);
    }));

  it("test_semaphore_value", () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
  });

  it("test_acquire", () =>
    runVirtual(async () => {
      const sem = new Semaphore(3);
      const result: number[] = [];
      expect(await sem.acquire()).toBeTruthy();
      expect(await sem.acquire()).toBeTruthy();
      expect(sem.locked()).toBe(false);
      const c = (n: number) => async () => {
        await sem.acquire();
        result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.size).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = createTask(c(4));
      sem.release();
      sem.release();
      expect(sem._value).toBe(0);
      await sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.size).toBe(1);
      expect(sem._value).toBe(0);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      const raceTasks = [t2, t3, t4];
      expect(raceTasks.filter((t) => t.done() && t.result()).length).toBe(2);
      sem.release();
      await gather(raceTasks);
    }));

  it("test_acquire_cancel", () =>
    runVirtual(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      const acquiring = createTask(() => sem.acquire());
      getRunningLoop().callSoon(() => acquiring.cancel());
      await expect(acquiring).rejects.toBeInstanceOf(CancelledError);
      expect(sem._waiters.size).toBe(0);
    }));

  it("test_acquire_cancel_before_awoken", () =>
    runVirtual(async () => {
      const sem = new Semaphore(0);
      const [t1, t2, t3, t4] = [1, 2, 3, 4].map(() => createTask(() => sem.acquire())) as [
        Task<unknown>,
        Task<unknown>,
        Task<unknown>,
        Task<unknown>,
      ];
      await sleep(0);
      t1.cancel();
      t2.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect([t3, t4].filter((t) => t.done()).length).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);
      t3.cancel();
      t4.cancel();
      await sleep(0);
    }));

  it("test_acquire_hang", () =>
    runVirtual(async () => {
      const sem = new Semaphore(0);
      const t1 = createTask(() => sem.acquire());
      const t2 = createTask(() => sem.acquire());
      await sleep(0);
      t1.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
    }));

  it("test_acquire_no_hang", () =>
    runVirtual(async () => {
      const sem = new Semaphore(1);
      let t2!: Task<unknown>;
      let entered = false;
      const t1 = createTask(async () => {
        await sem.run(() => sleep(0));
        t2.cancel();
      });
      t2 = createTask(() =>
        sem.run(() => {
          entered = true;
        }),
      );
      const [r1, r2] = await gather([t1, t2], { returnExceptions: true });
      expect(r1).toBeUndefined();
      expect(r2).toBeInstanceOf(CancelledError);
      expect(entered).toBe(false);
      await waitFor(() => sem.acquire(), 1000);
    }));

  it("test_release_not_acquired", () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(InvalidStateError);
  });

  it("test_release_no_waiters", () =>
    runVirtual(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    }));

  it("test_acquire_fifo_order", () =>
    runVirtual(async () => {
      const sem = new Semaphore(1);
      const result: string[] = [];
      const coro = (tag: string) => async () => {
        await sem.acquire();
        result.push(`${tag}_1`);
        await sleep(10);
        sem.release();
        await sem.acquire();
        result.push(`${tag}_2`);
        await sleep(10);
        sem.release();
      };
      await taskGroup((tg) => {
        tg.createTask(coro("c1"));
        tg.createTask(coro("c2"));
        tg.createTask(coro("c3"));
      });
      expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
    }));

  it("test_acquire_fifo_order_2", () =>
    runVirtual(async () => {
      const sem = new Semaphore(1);
      const result: number[] = [];
      const t1 = createTask(async () => {
        await sem.acquire();
        result.push(1);
        return true;
      });
      const t2 = createTask(async () => {
        await sem.acquire();
        result.push(2);
        sem.release();
        await sem.acquire();
        result.push(4);
        return true;
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        result.push(3);
        return true;
      });
      await sleep(0);
      sem.release(); // handed to t2
      sem.release(); // handed to t3
      await gather([t1, t2, t3]);
      // asyncio: [1, 2, 3, 4], t2's second acquire queues behind t3's woken waiter. tsio handed t3
      // its permit already, so t2's release and re-acquire use a free permit and overtake nobody.
      expect(result).toEqual([1, 2, 4, 3]);
      expect(sem._value).toBe(0);
    }));

  it("test_acquire_fifo_order_3", () =>
    runVirtual(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const c = (n: number) => async () => {
        await sem.acquire();
        result.push(n);
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      tasks[0]!.cancel();
      await sleep(0);
      sem.release();
      sem.release();
      await gather(tasks, { returnExceptions: true });
      expect(result).toEqual([2, 3]);
    }));

  it("test_acquire_fifo_order_4", () =>
    runVirtual(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      let t4: Task<boolean> | null = null;
      const t1 = createTask(async () => {
        expect(sem._value).toBe(0);
        await sem.acquire();
        // Every permit released so far has been handed out or taken.
        expect(sem._value).toBe(0);
        t4 = createTask(async () => {
          result.push(4);
          return true;
        });
        result.push(1);
        return true;
      });
      const t2 = createTask(async () => {
        sem.release();
        sem.release();
        sem.release();
        // The first permit went straight to t1; asyncio counts it until t1 resumes.
        expect(sem._value).toBe(2);
        // asyncio reports locked() while t1 has not resumed; in tsio t1 already holds its permit.
        expect(sem.locked()).toBe(false);
        await sem.acquire();
        result.push(2);
        return true;
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        expect(sem.locked()).toBe(true);
        result.push(3);
        return true;
      });
      await sleep(0);
      // asyncio: 2 permits and 3 queued waiters here; tsio: t2 and t3 took the 2 free permits.
      expect(sem._value).toBe(0);
      expect(sem._waiters.size).toBe(0);
      await sleep(0);
      await gather([t1, t2, t3, t4!]);
      // asyncio: [1, 2, 3, 4], t2 and t3 queue behind t1's woken waiter. In tsio t1 holds its
      // permit from the first release, and t2 and t3 take the two free ones without waiting.
      expect(result).toEqual([2, 3, 1, 4]);
      expect(sem._value).toBe(0);
    }));
});

describe("BarrierTests", () => {
  const N = 5;
  const makeTasks = <T>(n: number, fn: () => Promise<T>): Task<T>[] =>
    Array.from({ length: n }, () => createTask(fn));
  const gatherTasks = async <T>(n: number, fn: () => Promise<T>): Promise<T[]> =>
    (await gather(makeTasks(n, fn))) as T[];

  it("test_barrier", () =>
    runVirtual(async () => {
      // asyncio raises TypeError for `await barrier`; JavaScript awaits it as a value.
      const barrier = new Barrier(N);
      expect(String(barrier)).toContain("filling");
      expect(await (barrier as unknown as PromiseLike<Barrier>)).toBe(barrier);
      expect(String(barrier)).toContain("filling");
    }));

  it("test_barrier_parties", () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(-4)).toThrow(RangeError);
    expect(new Barrier(N)).toBeInstanceOf(Barrier);
  });

  it("test_context_manager", () =>
    runVirtual(async () => {
      const n = 3;
      const barrier = new Barrier(n);
      const results: number[] = [];
      await gatherTasks(n, async () => {
        results.push(await barrier.wait());
      });
      expect([...results].sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_filling_one_task", () =>
    runVirtual(async () => {
      const barrier = new Barrier(1);
      const f = async () => {
        await barrier.wait();
        return true;
      };
      expect(await f()).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_filling_one_task_twice", () =>
    runVirtual(async () => {
      const barrier = new Barrier(1);
      const t1 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      const t2 = createTask(() => barrier.wait());
      await sleep(0);
      expect(t1.result()).toBe(t2.result());
      expect(t1.done()).toBe(t2.done());
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_filling_task_by_task", () =>
    runVirtual(async () => {
      const barrier = new Barrier(3);
      const t1 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(String(barrier)).toContain("filling");
      const t2 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      expect(String(barrier)).toContain("filling");
      const t3 = createTask(() => barrier.wait());
      await sleep(0);
      await wait([t1, t2, t3]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_filling_tasks_wait_twice", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, async () => {
        await barrier.wait();
        results.push(true);
        await barrier.wait();
        results.push(false);
      });
      expect(results.length).toBe(N * 2);
      expect(results.filter((r) => r).length).toBe(N);
      expect(results.filter((r) => !r).length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_filling_tasks_check_return_value", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const res = await gatherTasks(N, async () => {
        await barrier.wait();
        results1.push(true);
        const i = await barrier.wait();
        results2.push(true);
        return i;
      });
      expect(results1.length).toBe(N);
      expect(results1.every(Boolean)).toBe(true);
      expect(results2.length).toBe(N);
      expect(results2.every(Boolean)).toBe(true);
      expect([...res].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_draining_state", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, async () => {
        await barrier.wait();
        // The state goes back to filling when the last task leaves.
        results.push(String(barrier).includes("draining"));
      });
      expect(results.length).toBe(N);
      expect(results[N - 1]).toBe(false);
      expect(results.slice(0, N - 1).every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_blocking_tasks_while_draining", () =>
    runVirtual(async () => {
      const rewait = 2;
      const barrier = new Barrier(N);
      const barrierNowaiting = new Barrier(N - rewait);
      let rewaitN = rewait;
      // Success means barrierNowaiting was waited for exactly N - rewait times.
      await gatherTasks(N, async () => {
        await barrier.wait();
        if (rewaitN > 0) {
          rewaitN--;
          await barrier.wait();
        } else {
          await barrierNowaiting.wait();
          await barrier.wait();
        }
      });
    }));

  it("test_filling_tasks_cancel_one", () =>
    runVirtual(async () => {
      const barrier = new Barrier(3);
      const results: boolean[] = [];
      const coro = async () => {
        await barrier.wait();
        results.push(true);
      };
      const t1 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      t1.cancel();
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      await expect(t1).rejects.toBeInstanceOf(CancelledError);
      expect(t1.cancelled()).toBe(true);
      const t3 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t4 = createTask(coro);
      await gather([t2, t3, t4]);
      expect(results.length).toBe(3);
      expect(results.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_reset_barrier", () =>
    runVirtual(async () => {
      const barrier = new Barrier(1);
      createTask(() => barrier.reset());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("test_reset_barrier_while_tasks_waiting", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      const tasks = makeTasks(N - 1, async () => {
        try {
          await barrier.wait();
        } catch (err) {
          if (!(err instanceof BrokenBarrierError)) throw err;
          results.push(true);
        }
      });
      await sleep(0);
      createTask(() => barrier.reset());
      await gather(tasks);
      expect(results.length).toBe(N - 1);
      expect(results.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("test_reset_barrier_when_tasks_half_draining", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const restOfTasks = Math.floor(N / 2);
      await gatherTasks(N, async () => {
        try {
          await barrier.wait();
        } catch (err) {
          if (!(err instanceof BrokenBarrierError)) throw err;
          results1.push(true);
          return;
        }
        // A task that drained out of the barrier resets it while the rest are still inside.
        if (restOfTasks === barrier._count) await barrier.reset();
      });
      expect(results1).toEqual(Array(restOfTasks).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("test_reset_barrier_when_tasks_half_draining_half_blocking", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherTasks(N, async () => {
        try {
          await barrier.wait();
        } catch (err) {
          if (!(err instanceof BrokenBarrierError)) throw err;
          results1.push(true);
          await barrier.wait();
          return;
        }
        count++;
        if (count > blockingTasks) {
          // Reset now: the tasks still waiting get BrokenBarrierError.
          await barrier.reset();
          await barrier.wait();
        } else {
          try {
            await barrier.wait();
          } catch (err) {
            if (!(err instanceof BrokenBarrierError)) throw err;
            results2.push(true);
          }
        }
      });
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual([]);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("test_reset_barrier_while_tasks_waiting_and_waiting_again", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const tasks = makeTasks(N - 1, async () => {
        try {
          await barrier.wait();
        } catch (err) {
          if (!(err instanceof BrokenBarrierError)) throw err;
          results1.push(true);
        } finally {
          await barrier.wait();
          results2.push(true);
        }
      });
      // Reset: the N-1 waiting tasks get BrokenBarrierError.
      createTask(() => barrier.reset());
      await sleep(0);
      // Completes the waits in their `finally`.
      createTask(async () => {
        await barrier.wait();
        results2.push(true);
      });
      await gather(tasks);
      expect(barrier.broken).toBe(false);
      expect(results1.length).toBe(N - 1);
      expect(results1.every(Boolean)).toBe(true);
      expect(results2.length).toBe(N);
      expect(results2.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
    }));

  it("test_reset_barrier_while_tasks_draining", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      let count = 0;
      await gatherTasks(N, async () => {
        await barrier.wait();
        count++;
        if (count === N) {
          // The last task out resets the barrier, then waits to make up the parties.
          await barrier.reset();
          await barrier.wait();
        } else {
          try {
            await barrier.wait();
            results1.push(true);
          } catch {
            results2.push(true);
          }
        }
        await barrier.wait();
        results3.push(true);
      });
      expect(barrier.broken).toBe(false);
      expect(results1.every(Boolean)).toBe(true);
      expect(results1.length).toBe(N - 1);
      expect(results2.length).toBe(0);
      expect(results3.length).toBe(N);
      expect(results3.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
    }));

  it("test_abort_barrier", () =>
    runVirtual(async () => {
      const barrier = new Barrier(1);
      createTask(() => barrier.abort());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
    }));

  it("test_abort_barrier_when_tasks_half_draining_half_blocking", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherTasks(N, async () => {
        try {
          await barrier.wait();
        } catch (err) {
          if (!(err instanceof BrokenBarrierError)) throw err;
          results1.push(true);
          return;
        }
        count++;
        if (count > blockingTasks) {
          await barrier.abort();
        } else {
          try {
            await barrier.wait();
          } catch (err) {
            if (!(err instanceof BrokenBarrierError)) throw err;
            results2.push(true);
          }
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual(Array(N - blockingTasks - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
    }));

  it("test_abort_barrier_when_exception", () =>
    runVirtual(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      class Crash extends Error {}
      await gatherTasks(N, async () => {
        try {
          const i = await barrier.wait();
          if (i === Math.floor(N / 2)) throw new Crash();
          await barrier.wait();
          results1.push(true);
        } catch (err) {
          if (err instanceof BrokenBarrierError) results2.push(true);
          else if (err instanceof Crash) await barrier.abort();
          else throw err;
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results2.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
    }));

  it("test_abort_barrier_when_exception_then_resetting", () =>
    runVirtual(async () => {
      const barrier1 = new Barrier(N);
      const barrier2 = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      class Crash extends Error {}
      await gatherTasks(N, async () => {
        try {
          const i = await barrier1.wait();
          if (i === Math.floor(N / 2)) throw new Crash();
          await barrier1.wait();
          results1.push(true);
        } catch (err) {
          if (err instanceof BrokenBarrierError) results2.push(true);
          else if (err instanceof Crash) await barrier1.abort();
          else throw err;
        }
        // Everyone leaves barrier1 before the reset, and nobody enters it again before it.
        const i = await barrier2.wait();
        if (i === Math.floor(N / 2)) await barrier1.reset();
        await barrier2.wait();
        await barrier1.wait();
        results3.push(true);
      });
      expect(barrier1.broken).toBe(false);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results2.every(Boolean)).toBe(true);
      expect(results3.length).toBe(N);
      expect(results3.every(Boolean)).toBe(true);
      expect(barrier1.nWaiting).toBe(0);
    }));
});
