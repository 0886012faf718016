import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("cancelling a task while it sleeps", () => {
  it("its await throws CancelledError at once, the task ends cancelled and the timer is freed", async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    let caught: unknown;
    let timersAfter = -1;

    await run(
      async () => {
        const sleeper = createTask(async () => {
          log.push("sleeping");
          try {
            await sleep(10_000);
            log.push("woke up");
          } catch (err) {
            caught = err;
            throw err;
          }
        });
        await sleep(100);
        expect(sleeper.cancel("enough")).toBe(true);
        await expect(sleeper).rejects.toBeInstanceOf(CancelledError);
        log.push(`cancelled @${getRunningLoop().time()}`);
        expect(sleeper.cancelled()).toBe(true);
        expect(sleeper.done()).toBe(true);
        timersAfter = getRunningLoop().pendingWork().timers;
      },
      { clock },
    );

    expect(log).toEqual(["sleeping", "cancelled @100"]);
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as Error).message).toBe("enough");
    expect(timersAfter).toBe(0);
    // Time never jumped to the 10 s deadline: the cancelled sleep left nothing to wait for.
    expect(clock.now()).toBe(100);
    expect(clock.armed).not.toContain(10_000);
  });

  it("cancelling sleep(0) stops the task before its next step", async () => {
    const steps: number[] = [];
    await run(async () => {
      const spinner = createTask(async () => {
        for (let i = 0; ; i++) {
          steps.push(i);
          await sleep(0);
        }
      });
      await sleep(0);
      await sleep(0);
      spinner.cancel();
      await expect(spinner).rejects.toBeInstanceOf(CancelledError);
    });
    expect(steps).toEqual([0, 1]);
  });
});
