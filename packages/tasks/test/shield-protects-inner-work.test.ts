import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, shield, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("shield", () => {
  it("cancelling the task awaiting a shielded task does not cancel the inner task", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const inner = createTask(async () => {
        await sleep(100);
        return `saved at ${loop.time()}`;
      });
      const outer = createTask(() => shield(inner));
      await sleep(10);
      outer.cancel();
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      expect(outer.cancelled()).toBe(true);
      expect(inner.cancelled()).toBe(false);
      expect(await inner).toBe("saved at 100");
    }, virtual());
  });

  it("shielding a function starts it as a task that survives the outer cancel", async () => {
    await run(async () => {
      const log: string[] = [];
      const outer = shield(async () => {
        await sleep(50);
        log.push("inner finished");
        return 1;
      });
      await sleep(10);
      expect(outer.cancel()).toBe(true);
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      await sleep(100);
      expect(log).toEqual(["inner finished"]);
    }, virtual());
  });

  it("passes the inner result and error through; cancelling the inner work cancels the outer", async () => {
    await run(async () => {
      expect(await shield(() => sleep(5, "value"))).toBe("value");
      await expect(
        shield(async () => {
          throw new RangeError("inner failed");
        }),
      ).rejects.toThrow("inner failed");
      const inner = createTask(() => sleep(100));
      const outer = shield(inner);
      await sleep(1);
      inner.cancel();
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      expect(outer.cancelled()).toBe(true);
    }, virtual());
  });

  it("returns an inner future that is already done as it is", async () => {
    await run(async () => {
      const fut = getRunningLoop().createFuture<number>();
      fut.setResult(3);
      expect(shield(fut)).toBe(fut);
    }, virtual());
  });
});
