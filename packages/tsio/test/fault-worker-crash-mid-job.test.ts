import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep, wait } from "@tsio/tasks";
import { toThread, WorkerCrashError } from "@tsio/thread";
import { expect, it } from "vitest";

it("a worker that dies mid-job fails only that job; an unawaited crash is reported; the loop, a sibling and the pool go on", async () => {
  const reports: ExceptionContext[] = [];
  const outcome = await run(async () => {
    getRunningLoop().setExceptionHandler((_loop, context) => {
      reports.push(context);
    });
    const sibling = createTask(async () => {
      await sleep(30);
      return "sibling result";
    });
    const healthy = toThread((ms: number) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      return "healthy job";
    }, 40);
    // The worker calls process.exit() in the middle of the job: that ends the worker thread.
    const exited = await toThread(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      process.exit(7);
    }).then(
      () => null,
      (err: unknown) => err,
    );
    // A stand-in for a native crash: an uncaught error thrown in the worker outside the job. Nobody
    // awaits this task, so its failure must be reported when run() ends.
    const orphan = createTask(() =>
      toThread(() => {
        setTimeout(() => {
          throw new Error("the worker blew up");
        }, 5);
        return new Promise((resolve) => setTimeout(resolve, 200));
      }),
    );
    await wait([orphan]);
    return {
      exited,
      orphanFailed: orphan.done() && !orphan.cancelled(),
      healthy: await healthy,
      sibling: await sibling,
      after: await toThread((n: number) => n + 1, 41),
    };
  });
  expect(outcome.exited).toBeInstanceOf(WorkerCrashError);
  expect(outcome.exited).toMatchObject({ reason: "exit", exitCode: 7 });
  expect(outcome).toMatchObject({ orphanFailed: true, healthy: "healthy job", sibling: "sibling result", after: 42 });
  expect(reports).toHaveLength(1);
  expect(reports[0]!.message).toMatch(/^Task exception was never retrieved/);
  expect(reports[0]!.exception).toBeInstanceOf(WorkerCrashError);
  expect(reports[0]!.exception).toMatchObject({ reason: "error" });
  expect((reports[0]!.exception as Error).message).toContain("the worker blew up");
}, 20_000);
