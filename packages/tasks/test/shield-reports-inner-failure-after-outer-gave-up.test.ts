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

it("a shielded future that fails after the outer side gave up is reported once, unless someone awaits it", async () => {
  const reports: string[] = [];
  const caught: unknown[] = [];
  await run(
    async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_loop, context) => {
        reports.push(`${context.message.split(":")[0]}: ${(context.exception as Error).message}`);
      });
      const abandoned = loop.createFuture<number>();
      const awaited = loop.createFuture<number>();
      for (const fut of [abandoned, abandoned, awaited]) {
        const waiter = createTask(async () => {
          try {
            await shield(fut);
          } catch (err) {
            // The caller that still wants the outcome awaits the inner future itself.
            if (err instanceof CancelledError && fut === awaited) caught.push(await fut.catch((e: unknown) => (e as Error).message));
            throw err;
          }
        });
        await sleep(1);
        waiter.cancel();
        await sleep(1);
      }
      abandoned.setException(new Error("nobody looked"));
      awaited.setException(new Error("looked at"));
      await sleep(5);
    },
    { clock: new VirtualClock() },
  );
  expect(caught).toEqual(["looked at"]);
  expect(reports).toEqual(["Future exception was never retrieved: nobody looked"]);
});
