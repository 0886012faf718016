import { getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("seed: showProgress sleeps without blocking the loop", () => {
  it("prints its three steps one second apart, 2000 ms in total", async () => {
    const lines: string[] = [];

    async function showProgress(): Promise<void> {
      lines.push(`Step 1... @${getRunningLoop().time()}`);
      await sleep(1000);
      lines.push(`Step 2... @${getRunningLoop().time()}`);
      await sleep(1000);
      lines.push(`Done! @${getRunningLoop().time()}`);
    }

    const clock = new VirtualClock();
    await run(
      async () => {
        await showProgress();
      },
      { clock },
    );

    expect(lines).toEqual(["Step 1... @0", "Step 2... @1000", "Done! @2000"]);
    expect(clock.now()).toBe(2000);
  });

  it("another task keeps running while showProgress sleeps", async () => {
    const lines: string[] = [];
    await run(
      async () => {
        const ticker = createTask(async () => {
          for (let i = 0; i < 3; i++) {
            await sleep(500);
            lines.push(`tick @${getRunningLoop().time()}`);
          }
        });
        lines.push("Step 1...");
        await sleep(1000);
        lines.push("Step 2...");
        await ticker;
      },
      { clock: new VirtualClock() },
    );
    // At 1000 both wake in the same iteration; main's timer was scheduled first, so it resumes first.
    expect(lines).toEqual(["Step 1...", "tick @500", "Step 2...", "tick @1000", "tick @1500"]);
  });
});
