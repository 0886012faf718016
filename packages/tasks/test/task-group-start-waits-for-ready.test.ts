import { CancelledError, getRunningLoop, InvalidStateError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { run, sleep, type Task, TaskGroupError, taskGroup } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("TaskGroup#start(fn)", () => {
  it("resolves with the value passed to ready() while the task keeps running in the group", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      let started!: Task<unknown>;
      await taskGroup(async (g) => {
        const port = await g.start<number>(async (task, ready) => {
          started = task;
          await sleep(10);
          ready(8080);
          await sleep(40);
          log.push(`server stopped at ${loop.time()}`);
        });
        log.push(`listening on ${port} at ${loop.time()}, task done: ${started.done()}`);
      });
      expect(log).toEqual(["listening on 8080 at 10, task done: false", "server stopped at 50"]);
      expect(started.done()).toBe(true);
    }, virtual());
  });

  it("ready() without a value resolves with undefined", async () => {
    await run(async () => {
      await taskGroup(async (g) => {
        const value = await g.start(async (_task, ready) => {
          ready();
        });
        expect(value).toBeUndefined();
      });
    }, virtual());
  });

  it("a failure before ready() rejects start() and reaches the group once, through the caller", async () => {
    await run(async () => {
      const seen: unknown[] = [];
      const error = await taskGroup(async (g) => {
        try {
          await g.start(async () => {
            await sleep(5);
            throw new RangeError("could not bind");
          });
        } catch (err) {
          seen.push(err);
          throw err;
        }
      }).catch((err: unknown) => err);
      expect(seen).toHaveLength(1);
      expect((seen[0] as Error).message).toBe("could not bind");
      expect(error).toBeInstanceOf(TaskGroupError);
      expect((error as TaskGroupError).errors).toEqual([seen[0]]);

      // Caught by the caller, it is not the group's failure at all.
      const value = await taskGroup(async (g) => {
        const result = await g.start(async () => {
          throw new RangeError("nope");
        }).then(
          () => "started",
          (err: unknown) => `start failed: ${(err as Error).message}`,
        );
        return result;
      });
      expect(value).toBe("start failed: nope");
    }, virtual());
  });

  it("a failure after ready() is an ordinary failure of the group", async () => {
    await run(async () => {
      const error = await taskGroup(async (g) => {
        await g.start(async (_task, ready) => {
          ready();
          await sleep(5);
          throw new RangeError("crashed later");
        });
        await sleep(1000);
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskGroupError);
      expect((error as TaskGroupError).errors.map((e) => (e as Error).message)).toEqual(["crashed later"]);
    }, virtual());
  });

  it("a task that ends without calling ready() rejects start() with InvalidStateError", async () => {
    await run(async () => {
      const error = await taskGroup(async (g) => {
        return await g.start(async () => "returned").then(
          () => null,
          (err: unknown) => err,
        );
      });
      expect(error).toBeInstanceOf(InvalidStateError);
      expect((error as Error).message).toMatch(/ended without calling ready\(\)/);
    }, virtual());
  });

  it("calling ready() twice throws InvalidStateError in the task", async () => {
    await run(async () => {
      const thrown: unknown[] = [];
      await taskGroup(async (g) => {
        await g.start(async (_task, ready) => {
          ready();
          try {
            ready();
          } catch (err) {
            thrown.push(err);
          }
        });
      });
      expect(thrown).toHaveLength(1);
      expect(thrown[0]).toBeInstanceOf(InvalidStateError);
      expect((thrown[0] as Error).message).toMatch(/ready\(\) was already called/);
    }, virtual());
  });

  it("cancelling the caller while it waits for ready() cancels the started task too", async () => {
    await run(async (main) => {
      const loop = getRunningLoop();
      let started!: Task<unknown>;
      loop.callLater(10, () => main.cancel());
      const error = await taskGroup(async (g) => {
        await g.start(async (task) => {
          started = task;
          await sleep(1000);
        });
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CancelledError);
      expect(started.cancelled()).toBe(true);
      expect(loop.time()).toBe(10);
      main.uncancel();
    }, virtual());
  });
});
