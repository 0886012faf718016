import { CancelledError } from "@tsio/loop";
import { expect, it } from "vitest";
import { createTask, currentTask, run, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

it("run() also cancels tasks that leftovers start while they are being cancelled", async () => {
  const started: Task<unknown>[] = [];
  let leftover!: Task<unknown>;
  await run(
    async () => {
      leftover = createTask(async () => {
        try {
          await sleep(60_000);
        } catch {
          // Swallows run()'s cancellation and starts more work (a bad idea, but it happens).
          started.push(createTask(() => sleep(60_000)));
          started.push(createTask(() => sleep(30_000)));
          return currentTask()!.cancelling();
        }
      });
      await sleep(1);
    },
    { clock: new VirtualClock() },
  );
  expect(leftover.result()).toBe(1);
  expect(started).toHaveLength(2);
  for (const task of started) {
    expect(task.done()).toBe(true);
    expect(() => task.result()).toThrow(CancelledError);
  }
});
