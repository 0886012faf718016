import { describe, expect, it } from "vitest";
import { createTask, currentTask, Runner, run, sleep, type Task, taskGroup } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("every API that starts a task hands the task to its function", () => {
  it("createTask, TaskGroup#createTask, run, Runner#run and Runner#createTask", async () => {
    const handed: Record<string, boolean> = {};
    const check = (api: string) => (task: Task<unknown>) => {
      handed[api] = task === currentTask() && task.signal instanceof AbortSignal;
      return api;
    };
    await run(
      async (main) => {
        check("run")(main);
        const t = createTask(check("createTask"));
        expect(await t).toBe("createTask");
        await taskGroup(async (g) => {
          g.createTask(check("TaskGroup#createTask"));
        });
      },
      { clock: new VirtualClock() },
    );
    const runner = new Runner({ clock: new VirtualClock() });
    await runner.run(check("Runner#run"));
    expect(await runner.createTask(check("Runner#createTask"))).toBe("Runner#createTask");
    await runner.close();
    expect(handed).toEqual({
      run: true,
      createTask: true,
      "TaskGroup#createTask": true,
      "Runner#run": true,
      "Runner#createTask": true,
    });
  });

  it("the handed task's signal aborts when that task is cancelled, for foreign I/O", async () => {
    await run(
      async () => {
        let aborted: unknown;
        const task = createTask(async (self) => {
          self.signal.addEventListener("abort", () => {
            aborted = self.signal.reason;
          });
          await sleep(1000);
        });
        await sleep(1);
        task.cancel("stop");
        await task.catch(() => undefined);
        expect((aborted as Error).name).toBe("CancelledError");
      },
      { clock: new VirtualClock() },
    );
  });

  it("keeps the result type: the function's return value types the task", async () => {
    await run(
      async () => {
        const n: Task<number> = createTask(async (task) => task.getName().length);
        const s: Task<string> = createTask((task) => task.getName());
        expect(typeof (await n)).toBe("number");
        expect(await s).toMatch(/^Task-/);
      },
      { clock: new VirtualClock() },
    );
  });
});
