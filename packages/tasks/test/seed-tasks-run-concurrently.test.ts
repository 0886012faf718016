import { getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("seed: two tasks started together run concurrently", () => {
  it("B finishes first and both are done ~2000 ms after the start, not 3000", async () => {
    const lines: string[] = [];
    const doneAt: Record<string, number> = {};

    async function taskA(): Promise<void> {
      lines.push("Task A: starting");
      await sleep(2000);
      lines.push("Task A: done");
      doneAt.A = getRunningLoop().time();
    }

    async function taskB(): Promise<void> {
      lines.push("Task B: starting");
      await sleep(1000);
      lines.push("Task B: done");
      doneAt.B = getRunningLoop().time();
    }

    let start = Number.NaN;
    let end = Number.NaN;
    await run(
      async () => {
        start = getRunningLoop().time();
        const a = createTask(taskA);
        const b = createTask(taskB);
        await a;
        await b;
        end = getRunningLoop().time();
      },
      { clock: new VirtualClock() },
    );

    expect(lines).toEqual(["Task A: starting", "Task B: starting", "Task B: done", "Task A: done"]);
    expect(doneAt.B! - start).toBe(1000);
    expect(doneAt.A! - start).toBe(2000);
    expect(end - start).toBe(2000);
  });
});
