// CPython's Lib/test/test_asyncio/test_taskgroups.py, translated case by case (see README.md here).
// `async with TaskGroup() as g:` is `await taskGroup(async (g) => ...)`, ExceptionGroup is
// TaskGroupError (its `errors` are CPython's `exceptions`), and durations are milliseconds.
import { CancelledError, EventLoopError, getRunningLoop, InvalidStateError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import {
  createTask,
  currentTask,
  KeyboardInterrupt,
  sleep,
  type Task,
  type TaskGroup,
  TaskGroupError,
  taskGroup,
  timeout,
} from "../../src/index.js";
import { runVirtual, thrown, thrownOutsideATask } from "../helpers/conformance-run.js";

class MyExc extends Error {}
/** CPython's BaseException subclass; JavaScript has one error hierarchy. */
class MyBaseExc extends Error {}
class ZeroDivisionError extends Error {}
class ValueError extends Error {}
class TypeError_ extends Error {}
class RuntimeError extends Error {}

/** The set of error classes in a group, as CPython's get_error_types(). */
function errorTypes(eg: unknown): Set<unknown> {
  expect(eg).toBeInstanceOf(TaskGroupError);
  return new Set((eg as TaskGroupError).errors.map((e) => (e as object).constructor));
}

/** The private task set of a group, as CPython's `g._tasks`. */
function groupTasks(g: TaskGroup): Set<Task<unknown>> {
  return (g as unknown as { tasks: Set<Task<unknown>> }).tasks;
}

const crashAfter = (ms: number, Err: new () => Error) => async () => {
  await sleep(ms);
  throw new Err();
};

describe("TestTaskGroup", () => {
  it("test_taskgroup_01", () =>
    runVirtual(async () => {
      let t1!: Task<number>;
      let t2!: Task<number>;
      await taskGroup((g) => {
        t1 = g.createTask(() => sleep(100, 42));
        t2 = g.createTask(() => sleep(200, 11));
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
    }));

  it("test_taskgroup_02", () =>
    runVirtual(async () => {
      let t1!: Task<number>;
      let t2!: Task<number>;
      await taskGroup(async (g) => {
        t1 = g.createTask(() => sleep(100, 42));
        await sleep(150);
        t2 = g.createTask(() => sleep(200, 11));
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
    }));

  it("test_taskgroup_03", () =>
    runVirtual(async () => {
      let t1!: Task<number>;
      let t2!: Task<number>;
      await taskGroup(async (g) => {
        t1 = g.createTask(() => sleep(1000, 42));
        await sleep(150);
        // Cancelling t1 explicitly: everything else goes on as usual.
        t1.cancel();
        t2 = g.createTask(() => sleep(200, 11));
      });
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(11);
    }));

  it("test_taskgroup_04", () =>
    runVirtual(async () => {
      let num = 0;
      let t2Cancel = false;
      let t2!: Task<void>;
      const foo2 = async () => {
        try {
          await sleep(1000);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        num += 1;
      };
      const runner = async () => {
        await taskGroup((g) => {
          g.createTask(crashAfter(100, ZeroDivisionError));
          t2 = g.createTask(foo2);
        });
        num += 10;
      };
      const err = await thrown(() => createTask(runner));
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
      expect(num).toBe(0);
      expect(t2Cancel).toBe(true);
      expect(t2.cancelled()).toBe(true);
    }));

  it("test_cancel_children_on_child_error", () =>
    runVirtual(async () => {
      let num = 0;
      let t2Cancel = false;
      let runnerCancel = false;
      const foo2 = async () => {
        try {
          await sleep(5000);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        num += 1;
      };
      const runner = async () => {
        await taskGroup(async (g) => {
          g.createTask(crashAfter(100, ZeroDivisionError));
          g.createTask(crashAfter(100, ZeroDivisionError));
          g.createTask(crashAfter(100, ZeroDivisionError));
          g.createTask(foo2);
          try {
            await sleep(10_000);
          } catch (e) {
            if (e instanceof CancelledError) runnerCancel = true;
            throw e;
          }
        });
        num += 10;
      };
      const err = await thrown(() => createTask(runner));
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
      expect(num).toBe(0);
      expect(t2Cancel).toBe(true);
      expect(runnerCancel).toBe(true);
    }));

  it("test_cancellation", () =>
    runVirtual(async () => {
      let num = 0;
      const foo = async () => {
        try {
          await sleep(5000);
        } catch (e) {
          if (e instanceof CancelledError) num += 1;
          throw e;
        }
      };
      const r = createTask(() =>
        taskGroup((g) => {
          for (let i = 0; i < 5; i++) g.createTask(foo);
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      await expect(r).rejects.toBeInstanceOf(CancelledError);
      expect(num).toBe(5);
    }));

  it("test_taskgroup_07", () =>
    runVirtual(async () => {
      let num = 0;
      const foo = async () => {
        try {
          await sleep(5000);
        } catch (e) {
          if (e instanceof CancelledError) num += 1;
          throw e;
        }
      };
      const r = createTask(() =>
        taskGroup(async (g) => {
          for (let i = 0; i < 5; i++) g.createTask(foo);
          try {
            await sleep(10_000);
          } catch (e) {
            if (e instanceof CancelledError) num += 10;
            throw e;
          }
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      await expect(r).rejects.toBeInstanceOf(CancelledError);
      expect(num).toBe(15);
    }));

  it("test_taskgroup_08", () =>
    runVirtual(async () => {
      const foo = async () => {
        try {
          await sleep(10_000);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: a crash in clean-up is the point.
          throw new ZeroDivisionError();
        }
      };
      const r = createTask(() =>
        taskGroup(async (g) => {
          for (let i = 0; i < 5; i++) g.createTask(foo);
          await sleep(10_000);
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      // The children's failures while cancelling are reported, not swallowed by the cancel.
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_09", () =>
    runVirtual(async () => {
      let t1!: Task<number>;
      let t2!: Task<number>;
      const err = await thrown(() =>
        taskGroup(async (g) => {
          t1 = g.createTask(() => sleep(1000, 42));
          t2 = g.createTask(() => sleep(2000, 11));
          await sleep(100);
          throw new ZeroDivisionError();
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
      expect(t1.cancelled()).toBe(true);
      expect(t2.cancelled()).toBe(true);
    }));

  it("test_taskgroup_10", () =>
    runVirtual(async () => {
      let t1!: Task<number>;
      let t2!: Task<number>;
      const err = await thrown(() =>
        taskGroup((g) => {
          t1 = g.createTask(() => sleep(1000, 42));
          t2 = g.createTask(() => sleep(2000, 11));
          throw new ZeroDivisionError();
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
      expect(t1.cancelled()).toBe(true);
      expect(t2.cancelled()).toBe(true);
    }));

  const crashInCleanUp = async () => {
    try {
      await sleep(10_000);
    } finally {
      // biome-ignore lint/correctness/noUnsafeFinally: a crash in clean-up is the point.
      throw new ZeroDivisionError();
    }
  };

  it("test_taskgroup_11", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup(() =>
          taskGroup(async (g2) => {
            for (let i = 0; i < 5; i++) g2.createTask(crashInCleanUp);
            await sleep(10_000);
          }),
        ),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([TaskGroupError]));
      expect(errorTypes((err as TaskGroupError).errors[0])).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_12", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup(async (g1) => {
          g1.createTask(() => sleep(10_000));
          await taskGroup(async (g2) => {
            for (let i = 0; i < 5; i++) g2.createTask(crashInCleanUp);
            await sleep(10_000);
          });
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([TaskGroupError]));
      expect(errorTypes((err as TaskGroupError).errors[0])).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_13", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup(async (g1) => {
          g1.createTask(crashAfter(100, ValueError));
          await taskGroup((g2) => {
            g2.createTask(crashAfter(10_000, ValueError));
          });
        }),
      );
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([ValueError]));
    }));

  it("test_taskgroup_14", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup(async (g1) => {
          g1.createTask(crashAfter(10_000, ValueError));
          await taskGroup((g2) => {
            g2.createTask(crashAfter(100, ValueError));
          });
        }),
      );
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([TaskGroupError]));
      expect(errorTypes((err as TaskGroupError).errors[0])).toEqual(new Set([ValueError]));
    }));

  const crashSoonBody = async (g1: TaskGroup) => {
    g1.createTask(crashAfter(300, ZeroDivisionError));
    try {
      await sleep(10_000);
    } catch (e) {
      if (e instanceof CancelledError) await sleep(500);
      throw e;
    }
  };

  it("test_taskgroup_15", () =>
    runVirtual(async () => {
      const r = createTask(() => taskGroup(crashSoonBody));
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_16", () =>
    runVirtual(async () => {
      const r = createTask(async () => {
        const t = createTask(() => taskGroup(crashSoonBody));
        await t;
      });
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_17", () =>
    runVirtual(async () => {
      let num = 0;
      const r = createTask(() =>
        taskGroup(async () => {
          try {
            await sleep(10_000);
          } catch (e) {
            if (e instanceof CancelledError) num += 10;
            throw e;
          }
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      await expect(r).rejects.toBeInstanceOf(CancelledError);
      expect(num).toBe(10);
    }));

  it("test_taskgroup_18", () =>
    runVirtual(async () => {
      let num = 0;
      const r = createTask(() =>
        taskGroup(async () => {
          try {
            await sleep(10_000);
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            num += 10;
            // Not a good idea, but it must be supported.
            throw new MyExc();
          }
        }),
      );
      await sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([MyExc]));
      expect(num).toBe(10);
    }));

  const nestedRaising = (Err: new () => Error) => async () => {
    try {
      await sleep(10_000);
    } finally {
      // biome-ignore lint/correctness/noUnsafeFinally: an error while being cancelled is the point.
      throw new Err();
    }
  };

  it("test_taskgroup_19", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup(async (g) => {
          g.createTask(crashAfter(100, ZeroDivisionError));
          await nestedRaising(MyExc)();
        }),
      );
      const err = await thrown(() => r);
      expect(errorTypes(err)).toEqual(new Set([MyExc, ZeroDivisionError]));
    }));

  it("test_taskgroup_20", () =>
    runVirtual(async () => {
      // asyncio lets a KeyboardInterrupt (a BaseException) through ungrouped. JavaScript has one
      // error hierarchy: tsio's KeyboardInterrupt is an Error, and the group reports it with the rest.
      const err = await thrown(() =>
        taskGroup(async (g) => {
          g.createTask(crashAfter(100, ZeroDivisionError));
          await nestedRaising(KeyboardInterrupt)();
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([KeyboardInterrupt, ZeroDivisionError]));
    }));

  it("test_taskgroup_20a", () =>
    runVirtual(async () => {
      const err = await thrown(() =>
        taskGroup(async (g) => {
          g.createTask(crashAfter(100, ZeroDivisionError));
          await nestedRaising(MyBaseExc)();
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([MyBaseExc, ZeroDivisionError]));
    }));

  it("test_taskgroup_21a", () =>
    runVirtual(async () => {
      const err = await thrown(() =>
        taskGroup(async (g) => {
          g.createTask(crashAfter(100, MyBaseExc));
          await nestedRaising(TypeError_)();
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([MyBaseExc, TypeError_]));
    }));

  it("test_taskgroup_22", () =>
    runVirtual(async () => {
      const r = createTask(() =>
        taskGroup((g) => {
          g.createTask(() => sleep(1000, 42));
          g.createTask(() => sleep(2000, 11));
        }),
      );
      await sleep(50);
      r.cancel();
      await expect(r).rejects.toBeInstanceOf(CancelledError);
    }));

  it("test_taskgroup_23", () =>
    runVirtual(async () => {
      await taskGroup(async (g) => {
        for (let count = 0; count < 10; count++) {
          await sleep(100);
          g.createTask(() => sleep(300));
          // Finished tasks leave the group.
          if (count === 5) expect(groupTasks(g).size).toBeLessThan(5);
        }
        await sleep(1350);
        expect(groupTasks(g).size).toBe(0);
      });
    }));

  it("test_taskgroup_24", () =>
    runVirtual(async () => {
      await taskGroup((g) => {
        g.createTask(async () => {
          await sleep(100);
          g.createTask(() => sleep(100));
          g.createTask(() => sleep(200));
        });
      });
    }));

  it("test_taskgroup_25", () =>
    runVirtual(async () => {
      let nhydras = 0;
      const hydra = (g: TaskGroup) => async () => {
        nhydras += 1;
        await sleep(10);
        g.createTask(hydra(g));
        g.createTask(hydra(g));
      };
      const hercules = async () => {
        while (nhydras < 10) await sleep(15);
        throw new ZeroDivisionError();
      };
      const err = await thrown(() =>
        taskGroup((g) => {
          g.createTask(hydra(g));
          g.createTask(hercules);
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
      expect(nhydras).toBeGreaterThanOrEqual(10);
    }));

  it("test_taskgroup_task_name", () =>
    runVirtual(async () => {
      await taskGroup((g) => {
        const t = g.createTask(() => sleep(0), { name: "yolo" });
        expect(t.getName()).toBe("yolo");
      });
    }));

  it("test_taskgroup_no_create_task_after_failure", () =>
    runVirtual(async () => {
      const coro1 = crashAfter(1, ZeroDivisionError);
      let refused: unknown = null;
      const err = await thrown(() =>
        taskGroup((g) => {
          g.createTask(coro1);
          g.createTask(async () => {
            try {
              await sleep(1000);
            } catch (e) {
              if (!(e instanceof CancelledError)) throw e;
              try {
                g.createTask(coro1);
              } catch (refusal) {
                refused = refusal;
              }
            }
          });
        }),
      );
      expect(refused).toBeInstanceOf(InvalidStateError);
      expect(errorTypes(err)).toEqual(new Set([ZeroDivisionError]));
    }));

  it("test_taskgroup_context_manager_exit_raises", () =>
    runVirtual(async () => {
      class CustomException extends Error {}
      const main = async () => {
        const task = currentTask()!;
        const err = await thrown(() =>
          taskGroup(async (tg) => {
            // The `finally` plays CPython's async context manager whose exit raises.
            try {
              tg.createTask(async () => {
                throw new CustomException();
              });
              await sleep(1000);
            } finally {
              // biome-ignore lint/correctness/noUnsafeFinally: a failing exit is the point.
              throw new CustomException();
            }
          }),
        );
        expect(errorTypes(err)).toEqual(new Set([CustomException]));
        expect(task.cancelling()).toBe(0);
        expect((err as TaskGroupError).errors.length).toBe(2);
      };
      await createTask(main);
    }));

  it("test_taskgroup_finished", () =>
    runVirtual(async () => {
      let tg!: TaskGroup;
      await taskGroup((g) => {
        tg = g;
      });
      let started = false;
      const fn = async () => {
        started = true;
      };
      expect(() => tg.createTask(fn)).toThrow(InvalidStateError);
      expect(() => tg.createTask(fn)).toThrow(/finished/);
      await sleep(0);
      // The function was never started (CPython: the coroutine was closed, no warning).
      expect(started).toBe(false);
    }));

  it("test_taskgroup_without_parent_task", () =>
    runVirtual(async () => {
      // A plain loop callback is not a task: a TaskGroup refuses to open there.
      const err = await thrownOutsideATask(() => taskGroup(() => undefined));
      expect(err).toBeInstanceOf(EventLoopError);
      expect(String(err)).toMatch(/task/);
    }));

  it("test_coro_closed_when_tg_closed", () =>
    runVirtual(async () => {
      let tg!: TaskGroup;
      await taskGroup((g) => {
        tg = g;
      });
      let started = false;
      expect(() =>
        tg.createTask(async () => {
          started = true;
        }),
      ).toThrow(/finished/);
      await sleep(0);
      expect(started).toBe(false);
    }));

  it("test_cancelling_level_preserved", () =>
    runVirtual(async () => {
      const err = await thrown(() =>
        taskGroup((tg) => {
          tg.createTask(crashAfter(0, RuntimeError));
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([RuntimeError]));
      expect(currentTask()!.cancelling()).toBe(0);
    }));

  it("test_nested_groups_both_cancelled", () =>
    runVirtual(async () => {
      const outer = await thrown(() =>
        taskGroup(async (outerTg) => {
          const inner = await thrown(() =>
            taskGroup((innerTg) => {
              innerTg.createTask(crashAfter(0, RuntimeError));
              outerTg.createTask(crashAfter(0, ValueError));
            }),
          );
          expect(errorTypes(inner)).toEqual(new Set([RuntimeError]));
          expect(currentTask()!.cancelling()).toBe(1);
        }),
      );
      expect(errorTypes(outer)).toEqual(new Set([ValueError]));
      expect(currentTask()!.cancelling()).toBe(0);
    }));

  it("test_error_and_cancel", () =>
    runVirtual(async () => {
      // CPython's asyncio.Event, as a future (@tsio/sync sits beside tasks, not below it).
      const event = getRunningLoop().createFuture<void>();
      let sleptAfterGroup = false;
      const inner = async () => {
        const err = await thrown(() =>
          taskGroup(async (tg) => {
            tg.createTask(async () => {
              event.setResult();
              await sleep(0);
              throw new RuntimeError();
            });
            await sleep(1000);
            throw new Error("the sleep in the group should have been cancelled");
          }),
        );
        expect(errorTypes(err)).toEqual(new Set([RuntimeError]));
        expect(currentTask()!.cancelling()).toBe(1);
        await sleep(1000);
        sleptAfterGroup = true;
      };
      const t = createTask(inner);
      await event;
      expect(t.cancelling()).toBe(0);
      t.cancel();
      expect(t.cancelling()).toBe(1);
      await expect(t).rejects.toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(sleptAfterGroup).toBe(false);
    }));

  it("test_name", () =>
    runVirtual(async () => {
      let name: string | null = null;
      await taskGroup((tg) => {
        tg.createTask(
          async () => {
            name = currentTask()!.getName();
          },
          { name: "example name" },
        );
      });
      expect(name).toBe("example name");
    }));

  it("test_cancels_task_if_created_during_creation", () =>
    runVirtual(async () => {
      // Regression test for CPython gh-128550.
      let ran = false;
      class MyError extends Error {}
      const err = await thrown(() =>
        taskGroup((tg) => {
          tg.createTask(async () => {
            tg.createTask(async () => {
              throw new MyError("third task failed");
            });
            const cancelled = await thrown(async () => {
              await sleep(0); // eager tasks are cancelled here
              await sleep(0); // lazy tasks are cancelled here
            });
            expect(cancelled).toBeInstanceOf(CancelledError);
            ran = true;
          });
        }),
      );
      expect(ran).toBe(true);
      expect((err as TaskGroupError).errors[0]).toBeInstanceOf(MyError);
    }));

  it("test_cancellation_does_not_leak_out_of_tg", () =>
    runVirtual(async () => {
      class MyError extends Error {}
      const err = await thrown(() =>
        taskGroup((tg) => {
          tg.createTask(async () => {
            throw new MyError();
          });
        }),
      );
      expect(errorTypes(err)).toEqual(new Set([MyError]));
      // A cancellation leaking out of the group would hit this await.
      await sleep(0);
    }));

  it("test_exception_refcycles_propagate_cancellation_error", () =>
    runVirtual(async () => {
      // The GC half of this test is CPython's own; the cause chain it reads is checked here.
      const err = await thrown(() =>
        timeout(0, () =>
          taskGroup(async () => {
            await sleep(0);
          }),
        ),
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toBe("TimeoutError");
      expect((err as Error).cause).toBeInstanceOf(CancelledError);
    }));
});
