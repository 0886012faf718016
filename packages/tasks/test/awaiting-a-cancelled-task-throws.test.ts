import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";

describe("awaiting a cancelled task", () => {
  it("throws CancelledError in the awaiting task, whose own cancel count stays 0", async () => {
    await run(async () => {
      const victim = createTask(() => sleep(1000), { name: "victim" });
      await sleep(0);
      victim.cancel("bye");
      let caught: unknown;
      try {
        await victim;
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(CancelledError);
      expect((caught as Error).message).toBe("bye");
      expect(currentTask()!.cancelling()).toBe(0);
      // Awaiting it again, or asking for its result, throws the same way.
      await expect(victim).rejects.toBeInstanceOf(CancelledError);
      expect(() => victim.result()).toThrow(CancelledError);
    });
  });

  it("main awaiting a cancelled task makes run() reject with CancelledError", async () => {
    await expect(
      run(async () => {
        const victim = createTask(() => sleep(1000));
        victim.cancel();
        await victim;
      }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
