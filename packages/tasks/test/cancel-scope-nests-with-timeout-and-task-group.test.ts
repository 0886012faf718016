import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { CancelScope, createTask, currentTask, run, sleep, TaskGroup, TaskGroupError, taskGroup, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

async function failIn(ms: number): Promise<never> {
  await sleep(ms);
  throw new RangeError(`failed at ${ms}`);
}

describe("CancelScope nests with timeout() and TaskGroup in any order", () => {
  it("scope > timeout: the timeout's expiry leaves the scope as TimeoutError; the scope's cancel is absorbed by the scope", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const scope = new CancelScope();
      const error = await scope.run(() => timeout(10, () => sleep(100))).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(scope.cancelledCaught).toBe(false);

      const cancelling = new CancelScope();
      const value = await cancelling.run(async (s) => {
        loop.callLater(5, () => s.cancel());
        return await timeout(50, () => sleep(100));
      });
      expect(value).toBeUndefined();
      expect(cancelling.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(15);
      // The timeout never fires later.
      await sleep(100);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("timeout > scope: the scope's own cancel stays inside; the timeout's expiry passes through the scope", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const value = await timeout(50, async () => {
        const scope = new CancelScope({ deadline: 10 });
        await scope.run(() => sleep(100));
        expect(scope.cancelledCaught).toBe(true);
        return loop.time();
      });
      expect(value).toBe(10);
      const error = await timeout(20, () => new CancelScope().run(() => sleep(100))).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBe(30);
    }, virtual());
  });

  it("scope > TaskGroup: cancelling the scope cancels the group's tasks, waits for their clean-up, and the scope absorbs", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const scope = new CancelScope({ deadline: 10 });
      const value = await scope.run(() =>
        taskGroup(async (g) => {
          g.createTask(async () => {
            try {
              await sleep(1000);
            } finally {
              // The child's own clean-up may await: the scope is not the child's.
              await sleep(5);
              log.push(`child cleaned up at ${loop.time()}`);
            }
          });
          await sleep(1000);
          return "no";
        }),
      );
      expect(value).toBeUndefined();
      expect(scope.cancelledCaught).toBe(true);
      expect(log).toEqual(["child cleaned up at 15"]);
    }, virtual());
  });

  it("scope > await using TaskGroup: the group takes its tasks down and the scope absorbs (no SuppressedError)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const scope = new CancelScope({ deadline: 10 });
      await scope.run(async () => {
        await using g = new TaskGroup();
        g.createTask(async () => {
          try {
            await sleep(1000);
          } finally {
            log.push(`child stopped at ${loop.time()}`);
          }
        });
        await sleep(1000);
      });
      expect(scope.cancelledCaught).toBe(true);
      expect(log).toEqual(["child stopped at 10"]);
    }, virtual());
  });

  it("TaskGroup > scope: a task's failure passes through the scope into TaskGroupError; the scope's own cancel stays in the scope", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const error = await taskGroup(async (g) => {
        g.createTask(() => failIn(10));
        await new CancelScope().run(() => sleep(1000));
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskGroupError);
      expect((error as TaskGroupError).errors.map((e) => (e as Error).message)).toEqual(["failed at 10"]);

      const log: string[] = [];
      await taskGroup(async (g) => {
        const sibling = g.createTask(() => sleep(30, "sibling"));
        const scope = new CancelScope({ deadline: loop.time() + 5 });
        await scope.run(() => sleep(1000));
        log.push(`scope caught: ${scope.cancelledCaught}, sibling pending: ${!sibling.done()}`);
      });
      expect(log).toEqual(["scope caught: true, sibling pending: true"]);
      expect(loop.time()).toBe(40);
    }, virtual());
  });

  it("shielded scope > timeout and > TaskGroup: both still act inside the shield", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      await new CancelScope({ shield: true }).run(async () => {
        const error = await timeout(10, () => sleep(100)).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(TimeoutError);
        const groupError = await taskGroup(async (g) => {
          g.createTask(() => failIn(5));
          await sleep(1000);
        }).catch((err: unknown) => err);
        expect(groupError).toBeInstanceOf(TaskGroupError);
      });
      expect(loop.time()).toBe(15);
    }, virtual());
  });

  it("TaskGroup > shielded scope: a failing task waits for the shielded work, then the group reports it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const error = await taskGroup(async (g) => {
        g.createTask(() => failIn(5));
        await new CancelScope({ shield: true }).run(async () => {
          await sleep(20);
          log.push(`shielded done at ${loop.time()}`);
        });
        await sleep(1000);
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskGroupError);
      expect(log).toEqual(["shielded done at 20"]);
      expect(loop.time()).toBe(20);
    }, virtual());
  });

  it("a cancel from outside while the scope waits for a TaskGroup's clean-up stays a CancelledError", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const worker = createTask(async () => {
        const inner = new CancelScope({ deadline: 10 });
        await inner.run(() =>
          taskGroup(async (g) => {
            g.createTask(async () => {
              try {
                await sleep(1000);
              } finally {
                await sleep(20);
                log.push(`child cleaned up at ${loop.time()}`);
              }
            });
            await sleep(1000);
          }),
        );
        log.push("not reached");
      });
      await sleep(15);
      worker.cancel("outside");
      const error = await worker.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect(worker.cancelled()).toBe(true);
      expect(log).toEqual(["child cleaned up at 30"]);
    }, virtual());
  });
});

describe("a CancelScope does not reach into other tasks", () => {
  it("cancelling a scope in one group task stops only that task's work", async () => {
    await run(async () => {
      const log: string[] = [];
      await taskGroup(async (g) => {
        g.createTask(async () => {
          await new CancelScope({ deadline: 5 }).run(() => sleep(1000));
          log.push("a moved on");
        });
        g.createTask(async () => {
          await sleep(20);
          log.push("b finished");
        });
      });
      expect(log).toEqual(["a moved on", "b finished"]);
    }, virtual());
  });
});
