import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, gather, run, shield, sleep, taskGroup, wait, waitFor } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });
const now = () => getRunningLoop().time();

/** A child whose clean-up awaits: it flushes for 30 ms after being cancelled. */
function flushingChild(log: string[], name: string) {
  return async () => {
    try {
      await sleep(1000);
    } finally {
      await sleep(30);
      log.push(`${name} flushed at ${now()}`);
    }
  };
}

describe("a cancelled composition waits for its children's clean-up", () => {
  it("gather: the CancelledError reaches its awaiter only after every child's finally", async () => {
    await run(async () => {
      const log: string[] = [];
      const quick = async () => {
        await sleep(1000);
      };
      const parent = createTask(async () => {
        try {
          await gather(flushingChild(log, "a"), quick, flushingChild(log, "b"));
        } catch (err) {
          log.push(`${(err as Error).name} at ${now()}`);
          throw err;
        }
      });
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(log).toEqual(["a flushed at 40", "b flushed at 40", "CancelledError at 40"]);
    }, virtual());
  });

  it("gather.cancel(): pending until the children are done, then cancelled", async () => {
    await run(async () => {
      const log: string[] = [];
      const g = gather(flushingChild(log, "a"));
      await sleep(10);
      expect(g.cancel()).toBe(true);
      expect(g.done()).toBe(false);
      await expect(g).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(40);
      expect(log).toEqual(["a flushed at 40"]);
    }, virtual());
  });

  it("gather: a passed-in future, cancelled at once, does not end it before a task's clean-up", async () => {
    await run(async () => {
      const log: string[] = [];
      const fut = getRunningLoop().createFuture<number>();
      const g = gather(flushingChild(log, "a"), fut);
      await sleep(10);
      expect(g.cancel()).toBe(true);
      expect(fut.cancelled()).toBe(true);
      await expect(g).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(40);
      expect(log).toEqual(["a flushed at 40"]);
    }, virtual());
  });

  it("gather: a second cancel cuts the clean-up short (the second Ctrl-C)", async () => {
    await run(async () => {
      const log: string[] = [];
      const g = gather(flushingChild(log, "a"));
      await sleep(10);
      g.cancel();
      await sleep(5);
      expect(g.cancel()).toBe(true);
      await expect(g).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(15);
      expect(log).toEqual([]);
    }, virtual());
  });

  it("TaskGroup: the parent's cancellation waits for the children's finally", async () => {
    await run(async () => {
      const log: string[] = [];
      const parent = createTask(async () => {
        try {
          await taskGroup(async (g) => {
            g.createTask(flushingChild(log, "a"));
            await sleep(1000);
          });
        } catch (err) {
          log.push(`${(err as Error).name} at ${now()}`);
          throw err;
        }
      });
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(log).toEqual(["a flushed at 40", "CancelledError at 40"]);
    }, virtual());
  });

  it("waitFor: on timeout it waits for the inner work's clean-up, then TimeoutError (asyncio 3.12)", async () => {
    await run(async () => {
      const log: string[] = [];
      await expect(waitFor(flushingChild(log, "inner"), 10)).rejects.toBeInstanceOf(TimeoutError);
      log.push(`timed out at ${now()}`);
      expect(log).toEqual(["inner flushed at 40", "timed out at 40"]);
    }, virtual());
  });

  it("waitFor: cancelling the caller waits for the inner work's clean-up too", async () => {
    await run(async () => {
      const log: string[] = [];
      const caller = createTask(() => waitFor(flushingChild(log, "inner"), 500));
      await sleep(10);
      caller.cancel();
      await expect(caller).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(40);
      expect(log).toEqual(["inner flushed at 40"]);
    }, virtual());
  });

  it("shield and wait never cancel the inner work: it finishes, finally and all", async () => {
    await run(async () => {
      const log: string[] = [];
      const inner = createTask(async () => {
        try {
          await sleep(50);
        } finally {
          await sleep(30);
          log.push(`inner done at ${now()}`);
        }
      });
      const viaShield = createTask(() => shield(inner));
      const viaWait = createTask(() => wait([inner]));
      await sleep(10);
      viaShield.cancel();
      viaWait.cancel();
      await expect(viaShield).rejects.toBeInstanceOf(CancelledError);
      await expect(viaWait).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(10);
      await inner;
      expect(log).toEqual(["inner done at 80"]);
    }, virtual());
  });
});
