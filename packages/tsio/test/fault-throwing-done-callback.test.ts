import { type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { runVirtual } from "@tsio/testing";
import { expect, it } from "vitest";

it("a done callback that throws is reported; the other callbacks, the future's awaiter and a sibling task go on", async () => {
  const reports: ExceptionContext[] = [];
  const order: string[] = [];
  const outcome = await runVirtual(async () => {
    const loop = getRunningLoop();
    loop.setExceptionHandler((_loop, context) => {
      reports.push(context);
    });
    const sibling = createTask(async () => {
      await sleep(5);
      return "sibling result";
    });
    const fut = loop.createFuture<number>();
    fut.addDoneCallback(() => {
      order.push("first callback");
      throw new Error("done callback blew up");
    });
    fut.addDoneCallback(() => order.push("second callback"));
    const task = createTask(async () => 7);
    task.addDoneCallback(() => {
      throw new TypeError("task done callback blew up");
    });
    loop.callLater(1, () => fut.setResult(42));
    return { fut: await fut, task: await task, sibling: await sibling };
  });
  expect(outcome).toEqual({ fut: 42, task: 7, sibling: "sibling result" });
  expect(order).toEqual(["first callback", "second callback"]);
  expect(reports.map((r) => [r.message.split(" <")[0], (r.exception as Error).message])).toEqual([
    ["Exception in callback", "task done callback blew up"],
    ["Exception in callback", "done callback blew up"],
  ]);
});
