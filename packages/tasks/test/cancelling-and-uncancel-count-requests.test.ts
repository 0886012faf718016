import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("cancelling() and uncancel() count cancellation requests", () => {
  it("each cancel() of a pending task adds one; uncancel() takes one away and never goes below 0", async () => {
    await run(async () => {
      const task = createTask(() => sleep(1000));
      expect(task.cancelling()).toBe(0);
      expect(task.uncancel()).toBe(0);
      expect(task.cancel()).toBe(true);
      expect(task.cancel()).toBe(true);
      expect(task.cancelling()).toBe(2);
      expect(task.uncancel()).toBe(1);
      expect(task.cancelling()).toBe(1);
      expect(task.uncancel()).toBe(0);
      expect(task.uncancel()).toBe(0);
      // The last request was withdrawn before the task started, so it runs to completion.
      await expect(task).resolves.toBeUndefined();
      expect(task.cancelled()).toBe(false);
    }, { clock: new VirtualClock() });
  });

  it("an undelivered request is dropped once uncancel() brings the count to 0", async () => {
    const log: string[] = [];
    await run(async () => {
      const task = createTask(async () => {
        const me = currentTask()!;
        me.cancel();
        expect(me.cancelling()).toBe(1);
        expect(me.uncancel()).toBe(0);
        await sleep(5);
        log.push("slept undisturbed");
      });
      await task;
    });
    expect(log).toEqual(["slept undisturbed"]);
  });

  it("with requests left after uncancel(), the next tsio await still throws", async () => {
    const log: string[] = [];
    await run(async () => {
      const task = createTask(async () => {
        const me = currentTask()!;
        me.cancel();
        me.cancel();
        expect(me.uncancel()).toBe(1);
        try {
          await sleep(5);
          log.push("slept (wrong)");
        } catch (err) {
          log.push(`threw ${(err as Error).name}`);
          throw err;
        }
      });
      await expect(task).rejects.toBeInstanceOf(CancelledError);
    });
    expect(log).toEqual(["threw CancelledError"]);
  });

  it("the aborted signal stays aborted while requests remain and is renewed at 0", async () => {
    await run(async () => {
      const seen: { signal: AbortSignal; aborted: boolean }[] = [];
      const task = createTask(async () => {
        const me = currentTask()!;
        const note = (): void => {
          seen.push({ signal: me.signal, aborted: me.signal.aborted });
        };
        note();
        me.cancel("one");
        me.cancel("two");
        try {
          await sleep(10_000);
        } catch {
          // Handle the cancellation the way timeout() does: withdraw the requests and go on.
        }
        note();
        expect(me.uncancel()).toBe(1);
        note();
        expect(me.uncancel()).toBe(0);
        note();
        await sleep(0);
        return "carried on";
      });
      await expect(task).resolves.toBe("carried on");
      expect(seen.map((s) => s.aborted)).toEqual([false, true, true, false]);
      // One signal until the count is back to 0, then a fresh one.
      expect(seen[1]!.signal).toBe(seen[0]!.signal);
      expect(seen[2]!.signal).toBe(seen[0]!.signal);
      expect(seen[3]!.signal).not.toBe(seen[0]!.signal);
      expect(seen[0]!.signal.reason).toBeInstanceOf(CancelledError);
      expect(task.signal).toBe(seen[3]!.signal);
      expect(task.signal.aborted).toBe(false);
    });
  });

  it("a signal first read after cancel() is already aborted", async () => {
    await run(async () => {
      const task = createTask(() => sleep(1000));
      task.cancel("early");
      expect(task.signal.aborted).toBe(true);
      expect((task.signal.reason as Error).message).toBe("early");
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.signal.aborted).toBe(true);
    }, { clock: new VirtualClock() });
  });
});
