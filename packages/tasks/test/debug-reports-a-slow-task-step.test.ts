import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Deliberately blocking: the seed's time.sleep() mistake, which debug mode exists to catch.
  }
}

describe("debug mode reports a task step that blocks the loop", () => {
  it("names the task and how long it blocked (~150 ms), and not the quick steps", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
        const quick = createTask(
          async () => {
            for (let i = 0; i < 3; i++) await sleep(0);
          },
          { name: "quick-worker" },
        );
        const broken = createTask(
          async () => {
            await sleep(1);
            busyWait(150);
            await sleep(1);
          },
          { name: "blocking-worker" },
        );
        await quick;
        await broken;
      },
      { debug: true },
    );
    const slow = reports.filter((r) => r.durationMs !== undefined);
    expect(slow).toHaveLength(1);
    const report = slow[0]!;
    expect(report.durationMs).toBeGreaterThanOrEqual(150);
    expect(report.durationMs).toBeLessThan(2000);
    expect(report.message).toMatch(/blocking-worker/);
    expect(report.message).toMatch(/took \d+\.\d ms/);
    expect(report.message).not.toMatch(/quick-worker/);
    expect(reports).toHaveLength(1);
  });

  it("reports the very first step of a task (before any await) with its name too", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
        await createTask(
          async () => {
            busyWait(120);
          },
          { name: "blocks-at-once" },
        );
      },
      { debug: true },
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toMatch(/blocks-at-once/);
    expect(reports[0]!.durationMs).toBeGreaterThanOrEqual(120);
  });
});
