import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A promise tsio knows nothing about, settled by hand. */
function foreign(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("several cancel() calls and when they are delivered (asyncio semantics)", () => {
  it("two cancels before the task resumes give one CancelledError; clean-up can still await", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const task = createTask(async () => {
          try {
            await sleep(10_000);
          } catch (err) {
            log.push(`caught ${(err as Error).message}`);
            await sleep(10);
            log.push(`cleaned up @${getRunningLoop().time()}`);
            throw err;
          }
        });
        await sleep(100);
        expect(task.cancel("one")).toBe(true);
        expect(task.cancel("two")).toBe(true);
        expect(task.cancelling()).toBe(2);
        await expect(task).rejects.toBeInstanceOf(CancelledError);
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["caught one", "cleaned up @110"]);
  });

  it("a cancel after the first was delivered is delivered again, at the next tsio await", async () => {
    const log: string[] = [];
    const gate = foreign();
    await run(async () => {
      const task = createTask(async () => {
        try {
          await sleep(10_000);
        } catch {
          log.push("first delivered");
        }
        await gate.promise;
        try {
          await sleep(10);
          log.push("slept (wrong)");
        } catch {
          log.push("second delivered");
        }
        return currentTask()!.cancelling();
      });
      await sleep(0);
      await sleep(0);
      task.cancel();
      await sleep(0);
      await sleep(0);
      expect(log).toEqual(["first delivered"]);
      // The task now awaits a foreign promise: the request waits for its next tsio await.
      task.cancel();
      gate.resolve();
      await expect(task).resolves.toBe(2);
    });
    expect(log).toEqual(["first delivered", "second delivered"]);
  });

  it("a second cancel of a task awaiting an inner task that is still cleaning up is forwarded to it", async () => {
    await run(
      async () => {
        const inner = createTask(async () => {
          try {
            await sleep(10_000);
          } finally {
            await sleep(50);
          }
        });
        const outer = createTask(async () => {
          await inner;
        });
        await sleep(10);
        outer.cancel();
        await sleep(10);
        expect(inner.done()).toBe(false);
        outer.cancel();
        expect(inner.cancelling()).toBe(2);
        await expect(outer).rejects.toBeInstanceOf(CancelledError);
        expect(inner.cancelled()).toBe(true);
      },
      { clock: new VirtualClock() },
    );
  });

  it("if the inner task swallows the cancel and returns, a later cancel of the outer one still lands", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const inner = createTask(async () => {
          try {
            await sleep(10_000);
          } catch {
            return "inner ignored it";
          }
          return "inner slept";
        });
        const outer = createTask(async () => {
          log.push(await inner);
          try {
            await sleep(1000);
          } catch {
            log.push("outer cancelled on the next await");
            throw new CancelledError();
          }
        });
        await sleep(10);
        // Runs once inner is done, before outer has resumed: inner's outcome is a value, not a
        // CancelledError, so this request must not be merged into the first one.
        inner.addDoneCallback(() => outer.cancel("second"));
        outer.cancel("first");
        await expect(outer).rejects.toBeInstanceOf(CancelledError);
        expect(outer.cancelling()).toBe(2);
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["inner ignored it", "outer cancelled on the next await"]);
  });
});
