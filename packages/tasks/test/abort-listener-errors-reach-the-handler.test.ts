import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

it("what an abort listener on task.signal throws goes to the exception handler; add/remove/onabort behave as usual", async () => {
  const reports: ExceptionContext[] = [];
  const calls: string[] = [];
  await run(
    async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => {
        reports.push(context);
      });
      const task = createTask(async () => {
        const signal = currentTask()!.signal;
        const removed = () => calls.push("removed listener (wrong)");
        const twice = () => calls.push("added twice, runs once");
        const handlerObject = { handleEvent: () => calls.push("handleEvent") };
        signal.addEventListener("abort", removed);
        signal.removeEventListener("abort", removed);
        signal.addEventListener("abort", twice);
        signal.addEventListener("abort", twice);
        signal.addEventListener("abort", handlerObject);
        signal.addEventListener("abort", () => {
          throw new Error("boom");
        });
        signal.onabort = () => calls.push("onabort");
        expect(typeof signal.onabort).toBe("function");
        await sleep(1000);
      });
      await sleep(1);
      task.cancel();
      await sleep(0);
    },
    { clock: new VirtualClock() },
  );
  expect(calls).toEqual(["added twice, runs once", "handleEvent", "onabort"]);
  expect(reports).toHaveLength(1);
  expect(reports[0]!.message).toMatch(/^An abort listener on the signal of <Task .*> threw$/);
  expect((reports[0]!.exception as Error).message).toBe("boom");
});
