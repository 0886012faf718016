import { EventLoop, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { allTasks, createTask, currentTask, run, sleep, Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("seed: inspecting the running context inside main", () => {
  it("currentTask is main, allTasks counts the live tasks, getRunningLoop is the loop running main", async () => {
    const seen: { current: Task<unknown> | null; all: number; loop: EventLoop | null; holdsMain: boolean } = {
      current: null,
      all: 0,
      loop: null,
      holdsMain: false,
    };
    let mainTask: Task<unknown> | null = null;

    async function inspectContext(): Promise<void> {
      seen.current = currentTask();
      const tasks = allTasks();
      seen.all = tasks.size;
      seen.holdsMain = seen.current !== null && tasks.has(seen.current);
      seen.loop = getRunningLoop();
    }

    await run(
      async () => {
        mainTask = currentTask();
        const helper = createTask(() => sleep(10), { name: "helper" });
        await inspectContext();
        expect(allTasks().has(helper)).toBe(true);
        await helper;
        expect(allTasks().has(helper)).toBe(false);
        expect(allTasks().size).toBe(1);
      },
      { clock: new VirtualClock(), name: "main" },
    );

    expect(mainTask).toBeInstanceOf(Task);
    expect(seen.current).toBe(mainTask);
    expect(seen.current?.getName()).toBe("main");
    expect(seen.all).toBe(2);
    expect(seen.holdsMain).toBe(true);
    expect(seen.loop).toBeInstanceOf(EventLoop);
    expect(seen.loop?.isRunning()).toBe(false);
    expect(seen.loop?.isClosed()).toBe(true);
    expect(String(seen.current)).toMatch(/<Task finished name='main'/);
  });

  it("currentTask is null and allTasks/getRunningLoop throw outside a loop", () => {
    expect(currentTask()).toBeNull();
    expect(() => allTasks()).toThrow(/no running event loop/);
  });
});
