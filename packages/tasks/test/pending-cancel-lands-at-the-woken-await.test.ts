import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, shield, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("a cancel() that arrives after the awaited future is done, before the task resumes", () => {
  it("is raised at that await, as asyncio's Task.__step does, not one await later", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const loop = getRunningLoop();
        const gate = loop.createFuture<string>();
        const task = createTask(async () => {
          try {
            log.push(`got ${await gate}`);
          } catch (err) {
            log.push(`await threw ${(err as Error).name}`);
            throw err;
          }
          log.push("went on (wrong)");
        });
        await sleep(1);
        gate.setResult("value"); // the task's wake-up is now queued...
        task.cancel(); // ...and the request arrives before it runs
        await expect(task).rejects.toBeInstanceOf(CancelledError);
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["await threw CancelledError"]);
  });

  it("a failure the task was waking up to, held by no task, is reported rather than dropped", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        const loop = getRunningLoop();
        loop.setExceptionHandler((_loop, context) => {
          reports.push(context);
        });
        const inner = createTask(async () => {
          await sleep(5);
          throw new Error("inner failed");
        });
        const outer = shield(inner); // a plain future that takes over inner's failure
        const task = createTask(async () => {
          await outer;
        });
        await sleep(5); // inner fails now; outer fails one iteration later
        await sleep(0);
        task.cancel();
        await expect(task).rejects.toBeInstanceOf(CancelledError);
      },
      { clock: new VirtualClock() },
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toMatch(/^Future exception was never retrieved/);
    expect((reports[0]!.exception as Error).message).toBe("inner failed");
  });
});
