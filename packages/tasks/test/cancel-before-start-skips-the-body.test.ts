import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run } from "../src/index.js";

describe("a task cancelled before it starts", () => {
  it("never runs its body and ends cancelled with the message", async () => {
    let ran = false;
    await run(async () => {
      const task = createTask(async () => {
        ran = true;
      });
      expect(task.cancel("not needed")).toBe(true);
      expect(task.done()).toBe(false);
      const err = await task.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe("not needed");
      expect(task.cancelled()).toBe(true);
    });
    expect(ran).toBe(false);
  });

  it("a synchronous body is skipped too", async () => {
    let ran = false;
    await run(async () => {
      const task = createTask(() => {
        ran = true;
        return 1;
      });
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
    });
    expect(ran).toBe(false);
  });
});
