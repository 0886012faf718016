import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("cancelling gather cancels every child", () => {
  it("gather.cancel() cancels functions' tasks, passed-in tasks and futures, and gather itself", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const cleanedUp: string[] = [];
      const passedIn = createTask(async () => {
        try {
          await sleep(1000);
        } finally {
          cleanedUp.push("passed-in task");
        }
      });
      const fut = loop.createFuture<number>();
      const g = gather(
        async () => {
          try {
            await sleep(1000);
          } finally {
            cleanedUp.push("function task");
          }
        },
        passedIn,
        fut,
        { returnExceptions: true },
      );
      await sleep(10);
      expect(g.cancel("enough")).toBe(true);
      // Pending until the children's clean-up is over (a future is cancelled at once, tasks are not).
      expect(g.done()).toBe(false);
      expect(fut.cancelled()).toBe(true);
      await expect(g).rejects.toBeInstanceOf(CancelledError);
      expect(passedIn.cancelled()).toBe(true);
      expect(cleanedUp.sort()).toEqual(["function task", "passed-in task"]);
      expect(g.cancel()).toBe(false);
    }, virtual());
  });

  it("cancelling the task that awaits gather cancels the children, and the task ends cancelled", async () => {
    await run(async () => {
      const children: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(1000);
        } catch (err) {
          if (err instanceof CancelledError) children.push(name);
          throw err;
        }
      };
      const parent = createTask(() => gather(child("a"), child("b"), child("c")));
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(parent.cancelled()).toBe(true);
      await sleep(0);
      expect(children).toEqual(["a", "b", "c"]);
      expect(getRunningLoop().time()).toBe(10);
    }, virtual());
  });
});
