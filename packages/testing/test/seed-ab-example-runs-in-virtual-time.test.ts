import { gather, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual, VirtualClock } from "../src/index.js";

async function seedAB(out: string[]): Promise<void> {
  async function taskA(): Promise<void> {
    out.push("Task A: starting");
    await sleep(2000);
    out.push("Task A: done");
  }
  async function taskB(): Promise<void> {
    out.push("Task B: starting");
    await sleep(1000);
    out.push("Task B: done");
  }
  await gather(taskA, taskB);
}

describe("the seed's A/B example on a VirtualClock", () => {
  it("ends at virtual 2000 ms in under 50 ms of real time, in the seed's output order", async () => {
    // One untimed run first, so the figure is the harness's cost and not V8 compiling it.
    await runVirtual(() => seedAB([]));
    const out: string[] = [];
    const clock = new VirtualClock();
    const started = performance.now();
    await runVirtual(() => seedAB(out), { clock });
    const realMs = performance.now() - started;
    expect(out).toEqual(["Task A: starting", "Task B: starting", "Task B: done", "Task A: done"]);
    expect(clock.now()).toBe(2000);
    expect(realMs).toBeLessThan(50);
  });

  it("returns main's result and starts at the requested time", async () => {
    const clock = new VirtualClock({ start: 10_000 });
    const result = await runVirtual(
      async () => {
        await sleep(500);
        return "slept";
      },
      { clock },
    );
    expect(result).toBe("slept");
    expect(clock.now()).toBe(10_500);
  });

  it("rejects with main's error after shutting the loop down", async () => {
    const clock = new VirtualClock();
    await expect(
      runVirtual(
        async () => {
          await sleep(300);
          throw new Error("boom at 300");
        },
        { clock },
      ),
    ).rejects.toThrow("boom at 300");
    expect(clock.now()).toBe(300);
  });
});
