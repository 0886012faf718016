import { getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("currentTask() in a plain loop callback", () => {
  it("is null in callSoon, callLater and done callbacks, even when a task scheduled them", async () => {
    const seen: Record<string, unknown> = {};
    await run(
      async () => {
        const loop = getRunningLoop();
        expect(currentTask()).not.toBeNull();
        const fired = loop.createFuture<void>();
        loop.callSoon(() => {
          seen.callSoon = currentTask();
        });
        loop.callLater(5, () => {
          seen.callLater = currentTask();
          fired.setResult();
        });
        const fut = sleep(1);
        fut.addDoneCallback(() => {
          seen.doneCallback = currentTask();
        });
        await fired;
        await sleep(0);
      },
      { clock: new VirtualClock() },
    );
    expect(seen).toEqual({ callSoon: null, callLater: null, doneCallback: null });
  });

  it("is null outside run()", () => {
    expect(currentTask()).toBeNull();
  });
});
