import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { createTask, currentTask, sleep } from "@tsio/tasks";
import { runVirtual } from "@tsio/testing";
import { expect, it } from "vitest";

it("listeners on task.signal that throw or reject are reported when the task is cancelled; nothing crashes", async () => {
  const reports: ExceptionContext[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    uncaught.push(err);
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
  const heard: string[] = [];
  try {
    const outcome = await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => {
        reports.push(context);
      });
      const sibling = createTask(async () => {
        await sleep(50);
        return "sibling result";
      });
      const victim = createTask(async () => {
        const signal = currentTask()!.signal;
        signal.addEventListener("abort", () => {
          throw new Error("listener blew up");
        });
        signal.addEventListener("abort", async () => {
          await Promise.resolve();
          throw new Error("async listener rejected");
        });
        signal.onabort = () => {
          throw new Error("onabort blew up");
        };
        signal.addEventListener("abort", () => heard.push(`healthy listener: ${(signal.reason as Error).name}`));
        await sleep(1000);
        return "victim finished (wrong)";
      });
      await sleep(10);
      expect(victim.cancel("stop")).toBe(true);
      await expect(victim).rejects.toBeInstanceOf(CancelledError);
      return await sibling;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome).toBe("sibling result");
  } finally {
    process.removeListener("uncaughtException", onUncaught);
    process.removeListener("unhandledRejection", onUncaught);
  }
  expect(uncaught).toEqual([]);
  expect(heard).toEqual(["healthy listener: CancelledError"]);
  expect(reports.map((r) => (r.exception as Error).message).sort()).toEqual([
    "async listener rejected",
    "listener blew up",
    "onabort blew up",
  ]);
  for (const report of reports) expect(report.message).toMatch(/^An abort listener on the signal of <Task .*> threw$/);
});
