import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A helper several calls deep, awaiting both tsio and foreign promises. */
async function whoAmI(depth: number): Promise<string | undefined> {
  if (depth > 0) {
    await Promise.resolve();
    return whoAmI(depth - 1);
  }
  await sleep(1);
  return currentTask()?.getName();
}

describe("currentTask() stays right", () => {
  it("across awaits of tsio futures, foreign promises and timers, in interleaved tasks", async () => {
    const mismatches: string[] = [];
    await run(
      async () => {
        const workers: Task<void>[] = [];
        for (let i = 0; i < 5; i++) {
          workers.push(
            createTask(
              async () => {
                const me = currentTask();
                for (let step = 0; step < 4; step++) {
                  if (step % 2 === 0) await sleep(10 * (5 - i));
                  else await new Promise<void>((r) => setImmediate(r));
                  if (currentTask() !== me) mismatches.push(`w${i} step ${step}`);
                }
              },
              { name: `w${i}` },
            ),
          );
        }
        for (const w of workers) await w;
      },
      { clock: new VirtualClock() },
    );
    expect(mismatches).toEqual([]);
  });

  it("through Promise.all and helper functions called from several tasks at once", async () => {
    const results = await run(
      async () => {
        const tasks = ["alpha", "beta", "gamma"].map((name) =>
          createTask(
            async () => {
              const [a, b, c] = await Promise.all([whoAmI(0), whoAmI(2), whoAmI(5)]);
              return [a, b, c, currentTask()?.getName()];
            },
            { name },
          ),
        );
        const out: (string | undefined)[][] = [];
        for (const t of tasks) out.push(await t);
        return { out, main: currentTask()?.getName() };
      },
      { clock: new VirtualClock(), name: "main" },
    );
    expect(results.main).toBe("main");
    expect(results.out).toEqual([
      ["alpha", "alpha", "alpha", "alpha"],
      ["beta", "beta", "beta", "beta"],
      ["gamma", "gamma", "gamma", "gamma"],
    ]);
  });

  it("a child task sees itself, and the parent still sees the parent afterwards", async () => {
    await run(async () => {
      const parent = currentTask();
      // Wrapped: a body returning its own task would make JavaScript adopt it and wait on itself.
      const child = createTask(async () => ({ seen: currentTask() }));
      expect((await child).seen).toBe(child);
      expect(currentTask()).toBe(parent);
    });
  });

  it("inside then/catch/finally callbacks chained on a tsio future in a task", async () => {
    await run(async () => {
      const me = currentTask();
      // Wrapped, since a Task returned from a callback would be adopted (and awaited).
      const seen = await sleep(1, "v").then((v) => ({ v, task: currentTask() }));
      expect(seen).toEqual({ v: "v", task: me });
      const caught = await sleep(1)
        .then(() => {
          throw new Error("x");
        })
        .catch(() => ({ task: currentTask() }));
      expect(caught.task).toBe(me);
      const inFinally: unknown[] = [];
      await sleep(1).finally(() => inFinally.push(currentTask()));
      expect(inFinally).toEqual([me]);
    });
  });
});
