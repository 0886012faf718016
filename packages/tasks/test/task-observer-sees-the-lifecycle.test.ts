import { describe, expect, it } from "vitest";
import { createTask, run, setTaskObserver, sleep, type Task, type TaskObserver } from "../src/index.js";

describe("setTaskObserver", () => {
  it("reports created, started and done for finished, failed and cancelled tasks, in order", async () => {
    const log: string[] = [];
    const label = (task: Task<unknown>): string => task.getName();
    const observer: TaskObserver = {
      created: (task) => log.push(`created ${label(task)}`),
      started: (task) => log.push(`started ${label(task)}`),
      done: (task) => {
        const outcome = task.cancelled() ? "cancelled" : task._exception !== undefined ? "failed" : "finished";
        log.push(`done ${label(task)} ${outcome}`);
      },
    };
    const previous = setTaskObserver(observer);
    try {
      await run(
        async () => {
          const ok = createTask(() => sleep(1).then(() => 1), { name: "ok" });
          const bad = createTask(
            async () => {
              throw new Error("bad");
            },
            { name: "bad" },
          );
          const never = createTask(() => sleep(1000), { name: "never" });
          never.cancel();
          await ok;
          await bad.catch(() => undefined);
          await never.catch(() => undefined);
        },
        { name: "main" },
      );
    } finally {
      setTaskObserver(previous);
    }
    expect(log.filter((l) => !l.includes("shutdown-hooks"))).toEqual([
      "created main",
      "started main",
      "created ok",
      "created bad",
      "created never",
      "started ok",
      "started bad",
      // `never` is cancelled as the loop reaches its start; `bad`'s rejection settles just after.
      "done never cancelled",
      "done bad failed",
      "done ok finished",
      "done main finished",
    ]);
  });

  it("returns the previous observer and accepts null; rejects a non-object", () => {
    const first: TaskObserver = {};
    const before = setTaskObserver(first);
    expect(setTaskObserver(null)).toBe(first);
    expect(setTaskObserver(before)).toBeNull();
    expect(() => setTaskObserver("x" as unknown as TaskObserver)).toThrow(TypeError);
  });
});
