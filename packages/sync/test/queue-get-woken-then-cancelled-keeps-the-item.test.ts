import { CancelledError, getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { Queue } from "../src/index.js";

/**
 * A getter woken for an item, then cancelled before its `await` resumed: the cancellation lands at
 * that `await` (as in asyncio), the item stays queued and goes to the next getter. Taken instead,
 * it would vanish with the result of a task that ends cancelled.
 */
describe("get() woken for an item, then cancelled before it resumes", () => {
  it("when the cancel arrives before the wake-up runs", async () => {
    await run(async () => {
      const queue = new Queue<string>();
      const first = createTask(() => queue.get());
      const second = createTask(() => queue.get());
      await sleep(0);
      queue.putNowait("item");
      first.cancel();
      await expect(first).rejects.toBeInstanceOf(CancelledError);
      expect(await second).toBe("item");
      expect(queue.qsize()).toBe(0);
    });
  });

  it("when the cancel arrives later in the same iteration, after the wake-up ran", async () => {
    await run(async () => {
      const queue = new Queue<string>();
      const first = createTask(() => queue.get());
      await sleep(0);
      queue.putNowait("item");
      // Runs in the next iteration right after the getter's wake-up, before its code continues.
      getRunningLoop().callSoon(() => first.cancel());
      await expect(first).rejects.toBeInstanceOf(CancelledError);
      expect(queue.qsize()).toBe(1);
      expect(queue.getNowait()).toBe("item");
    });
  });
});
