import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const thisFile = "debug-reports-never-awaited-sleep.test.ts";

function forgetsToAwait(): void {
  // The mistake: the JavaScript twin of calling a coroutine without await.
  sleep(1000);
}

/** Runs a main that forgets to await a sleep and returns what reached the exception handler. */
async function reportsOfForgottenSleep(debug: boolean): Promise<ExceptionContext[]> {
  const reports: ExceptionContext[] = [];
  await run(
    async () => {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
      forgetsToAwait();
      await sleep(5);
    },
    { debug, clock: new VirtualClock() },
  );
  return reports;
}

describe("debug mode reports a tsio awaitable that was never awaited", () => {
  it("names sleep(1000) and where it was created, by the time run() ends", async () => {
    const reports = await reportsOfForgottenSleep(true);
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    expect(report.message).toMatch(/^sleep\(1000\) was never awaited/);
    expect(report.message).toMatch(/forget `await`/);
    expect(String(report.createdAt)).toContain("forgetsToAwait");
    expect(String(report.createdAt)).toContain(thisFile);
  });

  it("an unawaited sleep whose deadline passed is still reported once, when run() ends", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
        sleep(10);
        await sleep(50);
        // Reported at shutdown, not when it fired: it could still be awaited late (see below).
        expect(reports).toEqual([]);
      },
      { debug: true, clock: new VirtualClock() },
    );
    expect(reports.map((r) => r.message.slice(0, 28))).toEqual(["sleep(10) was never awaited:"]);
  });

  it("stays quiet about sleeps that are awaited, chained, or handed to a task", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
        await sleep(1);
        const chained = sleep(2).then(() => "chained");
        const viaTask = createTask(() => sleep(3));
        // Started now, awaited after its deadline: a minimum-duration pattern, not a mistake.
        const later = sleep(4);
        await sleep(10);
        await later;
        await viaTask;
        expect(await chained).toBe("chained");
      },
      { debug: true, clock: new VirtualClock() },
    );
    expect(reports).toEqual([]);
  });

  it("without debug mode nothing is tracked or reported", async () => {
    expect(await reportsOfForgottenSleep(false)).toEqual([]);
  });
});
