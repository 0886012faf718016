import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("run() cancels the tasks main left behind", () => {
  it("cancels each leftover, lets its finally run, waits for it, then resolves", async () => {
    const log: string[] = [];
    const clock = new VirtualClock();
    const leftovers: Task<unknown>[] = [];
    const result = await run(
      async () => {
        for (const name of ["a", "b"]) {
          leftovers.push(
            createTask(
              async () => {
                try {
                  await sleep(60_000);
                } finally {
                  // Clean-up that itself takes loop time: run() must wait for it.
                  await sleep(10);
                  log.push(`${name} cleaned up @${getRunningLoop().time()}`);
                }
              },
              { name },
            ),
          );
        }
        await sleep(100);
        log.push("main returns");
        return "main result";
      },
      { clock },
    );
    log.push("run resolved");
    expect(result).toBe("main result");
    expect(log).toEqual(["main returns", "a cleaned up @110", "b cleaned up @110", "run resolved"]);
    for (const task of leftovers) {
      expect(task.cancelled()).toBe(true);
      expect(task.cancelling()).toBe(1);
    }
    expect(clock.armed).not.toContain(60_000);
  });

  it("reports a leftover that fails while being cancelled, and stays quiet about clean cancellations", async () => {
    const reports: ExceptionContext[] = [];
    const cleanupError = new Error("clean-up failed");
    let badTask: Task<unknown> | null = null;
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
        createTask(() => sleep(60_000), { name: "quiet" });
        badTask = createTask(
          async () => {
            try {
              await sleep(60_000);
            } catch {
              throw cleanupError;
            }
          },
          { name: "bad-cleanup" },
        );
        await sleep(1);
      },
      { clock: new VirtualClock() },
    );
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    expect(report.exception).toBe(cleanupError);
    expect(report.task).toBe(badTask);
    expect(report.message).toMatch(/bad-cleanup/);
    expect(report.message).not.toMatch(/quiet/);
  });

  it("cancels leftovers when main fails too, and still rejects with main's error", async () => {
    const boom = new Error("main failed");
    let leftover: Task<unknown> | null = null;
    await expect(
      run(async () => {
        leftover = createTask(() => sleep(60_000));
        await sleep(0);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((leftover as Task<unknown> | null)?.cancelled()).toBe(true);
  });
});
