import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { loopTasks } from "../src/task-registry.js";

it("a long-lived loop forgets failed tasks whose exception was retrieved, and still reports the others", async () => {
  const reports: ExceptionContext[] = [];
  let kept = 0;
  await run(async () => {
    const loop = getRunningLoop();
    loop.setExceptionHandler((_loop, context) => {
      reports.push(context);
    });
    createTask(async () => {
      await sleep(1);
      throw new Error("nobody retrieves this one");
    });
    for (let i = 0; i < 20_000; i++) {
      const task = createTask(async () => {
        throw new Error(`handled ${i}`);
      });
      await task.catch(() => undefined);
    }
    kept = loopTasks(loop).failed.size;
  });
  // Without the sweep all 20,001 failed tasks stayed reachable until run() ended (the soak's leak).
  expect(kept).toBeLessThan(2100);
  expect(reports).toHaveLength(1);
  expect((reports[0]!.exception as Error).message).toBe("nobody retrieves this one");
});
