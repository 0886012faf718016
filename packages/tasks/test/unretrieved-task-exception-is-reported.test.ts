import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTask, run, sleep, type Task } from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a failed task whose exception nobody retrieved", () => {
  it("is reported through the loop's exception handler when run() ends", async () => {
    const reports: ExceptionContext[] = [];
    const boom = new TypeError("lost error");
    let orphan: Task<unknown> | null = null;
    await run(async () => {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
      orphan = createTask(
        async () => {
          throw boom;
        },
        { name: "orphan" },
      );
      await sleep(5);
      expect(orphan.done()).toBe(true);
      // Not reported while run() is still going: someone might still look at it.
      expect(reports).toEqual([]);
    });
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    expect(report.message).toMatch(/^Task exception was never retrieved/);
    expect(report.message).toMatch(/orphan/);
    expect(report.exception).toBe(boom);
    expect(report.task).toBe(orphan);
    expect(report.future).toBe(orphan);
  });

  it("is not reported once anyone awaited it or read its exception", async () => {
    const reports: ExceptionContext[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
      const awaited = createTask(async () => {
        throw new Error("seen by await");
      });
      const inspected = createTask(async () => {
        throw new Error("seen by exception()");
      });
      await awaited.catch(() => {});
      await sleep(1);
      expect((inspected.exception() as Error).message).toBe("seen by exception()");
    });
    expect(reports).toEqual([]);
  });

  it("goes to stderr, with the task's name and the stack, under the default handler", async () => {
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    await run(async () => {
      createTask(
        async function failsQuietly() {
          throw new Error("nobody listens");
        },
        { name: "forgotten" },
      );
      await sleep(1);
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/Task exception was never retrieved/);
    expect(printed[0]).toMatch(/forgotten/);
    expect(printed[0]).toMatch(/Error: nobody listens\n\s+at /);
  });
});
