import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("cancelling a task that awaits another task", () => {
  it("cancels the inner task; the outer one gets CancelledError after the inner has cleaned up", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const inner = createTask(
          async () => {
            try {
              await sleep(10_000);
            } finally {
              await sleep(20);
              log.push(`inner finally @${getRunningLoop().time()}`);
            }
          },
          { name: "inner" },
        );
        const outer = createTask(
          async () => {
            try {
              await inner;
            } catch (err) {
              log.push(`outer caught ${(err as Error).name}: ${(err as Error).message}`);
              throw err;
            }
          },
          { name: "outer" },
        );
        await sleep(100);
        expect(outer.cancel("from main")).toBe(true);
        await expect(outer).rejects.toBeInstanceOf(CancelledError);
        expect(inner.cancelled()).toBe(true);
        expect(inner.cancelling()).toBe(1);
        expect(outer.cancelled()).toBe(true);
        log.push(`outer done @${getRunningLoop().time()}`);
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["inner finally @120", "outer caught CancelledError: from main", "outer done @120"]);
  });

  it("the chain goes as deep as the awaits do", async () => {
    await run(async () => {
      const leaf = createTask(() => sleep(10_000));
      const middle = createTask(async () => await leaf);
      const top = createTask(async () => await middle);
      await sleep(0);
      await sleep(0);
      top.cancel();
      await expect(top).rejects.toBeInstanceOf(CancelledError);
      expect([leaf.cancelled(), middle.cancelled(), top.cancelled()]).toEqual([true, true, true]);
    });
  });
});
