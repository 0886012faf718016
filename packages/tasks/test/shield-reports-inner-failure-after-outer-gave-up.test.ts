import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { expect, it } from "vitest";
import { createTask, run, shield, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

it("a shielded task that fails in the same iteration the outer side gives up is reported, not dropped", async () => {
  const reports: ExceptionContext[] = [];
  await run(
    async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => {
        reports.push(context);
      });
      const waiter = createTask(async () => {
        await shield(async () => {
          await sleep(10);
          throw new Error("shielded work failed");
        });
      });
      await sleep(10);
      // The shielded task fails in this iteration too, before its outcome reaches the outer side.
      waiter.cancel();
      await expect(waiter).rejects.toBeInstanceOf(CancelledError);
    },
    { clock: new VirtualClock() },
  );
  expect(reports.map((r) => [r.message.split(":")[0], (r.exception as Error).message])).toEqual([
    ["Task exception was never retrieved", "shielded work failed"],
  ]);
});
