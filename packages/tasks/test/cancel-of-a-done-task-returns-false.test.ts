import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";

describe("cancel() of a task that is already done", () => {
  it("returns false and changes nothing for a finished task", async () => {
    await run(async () => {
      const task = createTask(async () => "result");
      expect(await task).toBe("result");
      expect(task.cancel()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(0);
      expect(task.signal.aborted).toBe(false);
      expect(task.result()).toBe("result");
    });
  });

  it("returns false for a failed task and keeps its error", async () => {
    await run(async () => {
      const boom = new Error("boom");
      const task = createTask(async () => {
        throw boom;
      });
      await expect(task).rejects.toBe(boom);
      expect(task.cancel()).toBe(false);
      expect(task.exception()).toBe(boom);
    });
  });

  it("returns false the second time for a task already cancelled", async () => {
    await run(async () => {
      const task = createTask(() => sleep(1000));
      expect(task.cancel()).toBe(true);
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancel()).toBe(false);
      expect(task.cancelling()).toBe(1);
    });
  });
});
