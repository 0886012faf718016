import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it, vi } from "vitest";
import * as first from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A second installed copy of @tsio/tasks: the same sources evaluated again as new modules. */
async function secondCopy(): Promise<typeof first> {
  vi.resetModules();
  return (await import("../src/index.js")) as typeof first;
}

describe("cancel scopes across two installed copies of @tsio/tasks", () => {
  it("a scope of one copy cancels, shields and absorbs in a task of the other, and nests with its timeout and TaskGroup", async () => {
    const second = await secondCopy();
    expect(second.CancelScope).not.toBe(first.CancelScope);
    await first.run(
      async () => {
        const loop = getRunningLoop();
        const log: string[] = [];
        // Level-triggered: every await of the first copy's task raises inside the second copy's scope.
        const scope = new second.CancelScope({ deadline: 10 });
        await scope.run(async () => {
          try {
            await first.sleep(100);
          } catch (err) {
            log.push(`${(err as Error).name} at ${loop.time()}`);
          }
          await first.sleep(100);
        });
        expect(scope.cancelledCaught).toBe(true);

        // A shield of one copy holds the other copy's timeout.
        const error = await first
          .timeout(5, async () => {
            await new second.CancelScope({ shield: true }).run(() => first.sleep(20));
            log.push(`shielded until ${loop.time()}`);
            await first.sleep(100);
          })
          .catch((err: unknown) => err);
        expect(error).toBeInstanceOf(TimeoutError);

        // A TaskGroup of one copy inside a scope of the other, with start().
        const outer = new first.CancelScope({ deadline: loop.time() + 10 });
        await outer.run(() =>
          second.taskGroup(async (g) => {
            const ready = await g.start<string>(async (_task, r) => {
              r("up");
              await first.sleep(1000);
            });
            log.push(`started: ${ready}`);
            await first.sleep(1000);
          }),
        );
        expect(outer.cancelledCaught).toBe(true);

        // An outer cancel still passes through the other copy's scope.
        const worker = first.createTask(() => new second.CancelScope().run(() => second.sleep(1000)));
        await first.sleep(1);
        worker.cancel();
        const cancelled = await worker.then(
          () => null,
          (err: unknown) => err,
        );
        expect(cancelled).toBeInstanceOf(CancelledError);
        expect(log).toEqual(["CancelledError at 10", "shielded until 30", "started: up"]);
      },
      { clock: new VirtualClock() },
    );
  });
});
