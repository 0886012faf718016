import { CancelledError, EventLoopError, type ExceptionContext, getRunningLoop, InvalidStateError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep, type Task, TaskGroup, TaskGroupError, taskGroup } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

function failAfter(ms: number, message: string) {
  return async (): Promise<never> => {
    await sleep(ms);
    throw new RangeError(message);
  };
}

describe("TaskGroup", () => {
  it("waits for every task and resolves with the body's result", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let a!: Task<string>;
      let b!: Task<string>;
      const value = await taskGroup(async (g) => {
        a = g.createTask(() => sleep(10, "a"), { name: "a" });
        b = g.createTask(() => sleep(30, "b"));
        return "body";
      });
      expect(value).toBe("body");
      expect(loop.time()).toBe(30);
      expect([a.result(), b.result()]).toEqual(["a", "b"]);
      expect(a.getName()).toBe("a");
    }, virtual());
  });

  it("the first failure cancels the sibling tasks and the body; TaskGroupError keeps the error", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const error = await taskGroup(async (g) => {
        g.createTask(async () => {
          try {
            await sleep(1000);
          } catch (err) {
            log.push(`sibling ${(err as Error).name} at ${loop.time()}`);
            throw err;
          }
        });
        g.createTask(failAfter(20, "child failed"));
        try {
          await sleep(1000);
        } catch (err) {
          log.push(`body ${(err as Error).name} at ${loop.time()}`);
          throw err;
        }
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskGroupError);
      expect(error).toBeInstanceOf(AggregateError);
      const group = error as TaskGroupError;
      expect(group.name).toBe("TaskGroupError");
      expect(group.errors).toHaveLength(1);
      expect((group.errors[0] as Error).message).toBe("child failed");
      expect(log.sort()).toEqual(["body CancelledError at 20", "sibling CancelledError at 20"]);
      // The group withdrew the cancellation it asked of its parent: the parent carries on.
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(5);
      expect(loop.time()).toBe(25);
    }, virtual());
  });

  it("collects every failure, also of tasks that fail while being cancelled, and the body's own error", async () => {
    await run(async () => {
      const error = await taskGroup(async (g) => {
        g.createTask(failAfter(10, "first"));
        g.createTask(failAfter(10, "second, same moment"));
        g.createTask(async () => {
          try {
            await sleep(1000);
          } catch {
            // Fails in its clean-up after the group cancelled it.
            throw new TypeError("third, during clean-up");
          }
        });
      }).catch((err: unknown) => err);
      const messages = (error as TaskGroupError).errors.map((e) => (e as Error).message);
      expect(messages).toEqual(["first", "second, same moment", "third, during clean-up"]);

      const withBody = await taskGroup(async (g) => {
        g.createTask(() => sleep(1000));
        await sleep(5);
        throw new SyntaxError("body failed");
      }).catch((err: unknown) => err);
      expect(withBody).toBeInstanceOf(TaskGroupError);
      expect((withBody as TaskGroupError).errors.map((e) => (e as Error).name)).toEqual(["SyntaxError"]);
    }, virtual());
  });

  it("is cancelled with its parent: its tasks are cancelled and the parent ends cancelled", async () => {
    await run(async () => {
      const cancelled: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(1000);
        } catch (err) {
          if (err instanceof CancelledError) cancelled.push(name);
          throw err;
        }
      };
      const whileBodyWaits = createTask(() =>
        taskGroup(async (g) => {
          g.createTask(child("a"));
          await sleep(1000);
        }),
      );
      const whileGroupWaits = createTask(() =>
        taskGroup(async (g) => {
          g.createTask(child("b"));
        }),
      );
      await sleep(10);
      whileBodyWaits.cancel();
      whileGroupWaits.cancel();
      await expect(whileBodyWaits).rejects.toBeInstanceOf(CancelledError);
      await expect(whileGroupWaits).rejects.toBeInstanceOf(CancelledError);
      expect(whileBodyWaits.cancelled()).toBe(true);
      expect(whileGroupWaits.cancelled()).toBe(true);
      expect(cancelled.sort()).toEqual(["a", "b"]);
    }, virtual());
  });

  it("a failing child does not report 'never retrieved': the group delivered it", async () => {
    const reports: ExceptionContext[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(ctx));
      await taskGroup((g) => {
        g.createTask(failAfter(1, "delivered"));
      }).catch(() => undefined);
    }, virtual());
    expect(reports).toEqual([]);
  });

  it("refuses new tasks once finished or shutting down", async () => {
    await run(async () => {
      let group!: TaskGroup;
      await taskGroup((g) => {
        group = g;
      });
      expect(() => group.createTask(() => 1)).toThrow(InvalidStateError);
      expect(() => group.createTask(() => 1)).toThrow(/finished/);

      let shuttingDown: unknown;
      await taskGroup(async (g) => {
        g.createTask(failAfter(1, "boom"));
        try {
          await sleep(100);
        } catch {
          try {
            g.createTask(() => 1);
          } catch (err) {
            shuttingDown = err;
          }
        }
      }).catch(() => undefined);
      expect(shuttingDown).toBeInstanceOf(InvalidStateError);
    }, virtual());
  });

  it("await using: waits for the tasks when the block ends, and throws TaskGroupError on failure", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let t!: Task<string>;
      {
        await using g = new TaskGroup();
        t = g.createTask(() => sleep(20, "done"));
      }
      expect(t.result()).toBe("done");
      expect(loop.time()).toBe(20);

      let caught: unknown;
      try {
        await using g = new TaskGroup();
        g.createTask(failAfter(5, "child failed"));
        g.createTask(() => sleep(1000));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TaskGroupError);
      expect(currentTask()!.cancelling()).toBe(0);

      // A failure while the block itself awaits: the block is already unwinding with the
      // CancelledError that interrupted it, so JavaScript pairs the two in a SuppressedError.
      caught = undefined;
      try {
        await using g = new TaskGroup();
        g.createTask(failAfter(5, "child failed"));
        await sleep(1000);
      } catch (err) {
        caught = err;
      }
      const suppressed = caught as { name: string; error: unknown; suppressed: unknown };
      expect(suppressed.name).toBe("SuppressedError");
      expect(suppressed.error).toBeInstanceOf(TaskGroupError);
      expect(suppressed.suppressed).toBeInstanceOf(CancelledError);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("await using: cancelled with its parent, the parent ends cancelled (not failed)", async () => {
    await run(async () => {
      let childCancelled = false;
      const parent = createTask(async () => {
        await using g = new TaskGroup();
        g.createTask(async () => {
          try {
            await sleep(1000);
          } catch (err) {
            childCancelled = err instanceof CancelledError;
            throw err;
          }
        });
        await sleep(1000);
      });
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(parent.cancelled()).toBe(true);
      expect(childCancelled).toBe(true);
    }, virtual());
  });

  it("must be opened inside a task", async () => {
    expect(() => new TaskGroup()).toThrow(EventLoopError);
    await run(async () => {
      const loop = getRunningLoop();
      const outcome = loop.createFuture<unknown>();
      loop.callSoon(() => {
        try {
          new TaskGroup();
          outcome.setResult(null);
        } catch (err) {
          outcome.setResult(err);
        }
      });
      expect(await outcome).toBeInstanceOf(EventLoopError);
    }, virtual());
  });
});
