import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep, TaskGroup, taskGroup } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("TaskGroup#cancel()", () => {
  it("cancels every task and the body's await; the group exits without an error once clean-up is done", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const value = await taskGroup(async (g) => {
        for (const name of ["a", "b"]) {
          g.createTask(async () => {
            try {
              await sleep(1000);
            } catch (err) {
              await sleep(5); // clean-up may await
              log.push(`${name}: ${(err as CancelledError).message} at ${loop.time()}`);
              throw err;
            }
          });
        }
        loop.callLater(10, () => g.cancel("shutting down"));
        try {
          await sleep(1000);
        } catch (err) {
          log.push(`body: ${(err as Error).name}`);
          throw err;
        }
        return "not reached";
      });
      expect(value).toBeUndefined();
      expect(log).toEqual(["body: CancelledError", "a: shutting down at 15", "b: shutting down at 15"]);
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(1);
      expect(loop.time()).toBe(16);
    }, virtual());
  });

  it("called from the body itself, and from await using, the group ends quietly too", async () => {
    await run(async () => {
      // (A task is returned in an array: returned as it is, the group would adopt it and wait on it.)
      const value = await taskGroup(async (g) => {
        const t = g.createTask(() => sleep(1000));
        g.cancel();
        return [t];
      });
      expect(value?.[0]?.cancelled()).toBe(true);
      {
        await using g = new TaskGroup();
        g.createTask(() => sleep(1000));
        await sleep(5);
        g.cancel();
      }
      expect(getRunningLoop().time()).toBe(5);
    }, virtual());
  });

  it("a cancel from outside still propagates as CancelledError", async () => {
    await run(async () => {
      const worker = createTask(async (task) => {
        await taskGroup(async (g) => {
          g.createTask(() => sleep(1000));
          getRunningLoop().callLater(10, () => {
            g.cancel();
            task.cancel("from outside");
          });
          await sleep(1000);
        });
        return "went on";
      });
      const error = await worker.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect(worker.cancelled()).toBe(true);
    }, virtual());
  });

  it("called while the group waits for its tasks after the body returned: the tasks stop and the body's value stands", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const value = await taskGroup(async (g) => {
        g.createTask(() => sleep(1000));
        loop.callLater(10, () => g.cancel());
        return "body done";
      });
      expect(value).toBe("body done");
      expect(loop.time()).toBe(10);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("called while the body waits in start(): the starting task is cancelled and the group still exits quietly", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const value = await taskGroup(async (g) => {
        loop.callLater(10, () => g.cancel());
        await g.start(() => sleep(1000));
        return "not reached";
      });
      expect(value).toBeUndefined();
      expect(loop.time()).toBe(10);
    }, virtual());
  });

  it("does nothing once the group has finished", async () => {
    await run(async () => {
      let group!: TaskGroup;
      await taskGroup(async (g) => {
        group = g;
      });
      group.cancel();
      await sleep(1);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });
});
