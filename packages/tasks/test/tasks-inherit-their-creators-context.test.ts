import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, Runner, sleep } from "../src/index.js";
import { runVirtual } from "./helpers/conformance-run.js";

// asyncio's tasks copy their creator's contextvars; in Node that is the AsyncLocalStorage context
// around createTask(), which must reach the body through every await.
describe("a task inherits its creator's AsyncLocalStorage context", () => {
  it("sees a value set around createTask() after any number of awaits, as its own task", async () => {
    const request = new AsyncLocalStorage<string>();
    const seen = await runVirtual(async () =>
      request.run("request-42", async () => {
        const t = createTask(async (task) => {
          const before = request.getStore();
          await sleep(5);
          await Promise.all([sleep(1), null]);
          return [before, request.getStore(), currentTask() === task];
        });
        return await t;
      }),
    );
    expect(seen).toEqual(["request-42", "request-42", true]);
  });

  it("keeps the value it was created with, not what the creator sets afterwards", async () => {
    const cvar = new AsyncLocalStorage<string>();
    const seen = await runVirtual(async () => {
      cvar.enterWith("at creation");
      const t = createTask(async () => {
        await sleep(1);
        return cvar.getStore();
      });
      cvar.enterWith("later");
      const child = await t;
      return [child, cvar.getStore()];
    });
    expect(seen).toEqual(["at creation", "later"]);
  });

  it("passes the creator's values through nested tasks, each seeing itself as currentTask()", async () => {
    const a = new AsyncLocalStorage<string>();
    const b = new AsyncLocalStorage<number>();
    const seen = await runVirtual(async () =>
      a.run("outer", async () => {
        const parent = createTask(async (p) => {
          const child = b.run(7, () =>
            createTask(async (c) => {
              await sleep(1);
              return [a.getStore(), b.getStore(), currentTask() === c, currentTask() === p];
            }),
          );
          const fromChild = await child;
          return [...fromChild, b.getStore(), currentTask() === p];
        });
        return await parent;
      }),
    );
    expect(seen).toEqual(["outer", 7, true, false, undefined, true]);
  });

  it("lets the task run() another value of an inherited storage and find the inherited one after", async () => {
    const a = new AsyncLocalStorage<string>();
    const seen = await runVirtual(async () =>
      a.run("inherited", async () => {
        const t = createTask(async () => {
          const inner = await a.run("inner", async () => {
            await sleep(1);
            return a.getStore();
          });
          await sleep(1);
          return [inner, a.getStore()];
        });
        const fromTask = await t;
        return [...fromTask, a.getStore()];
      }),
    );
    expect(seen).toEqual(["inner", "inherited", "inherited"]);
  });

  // Before context frames (Node 22 by default), disable() switches a storage off everywhere.
  const contextFrames = !Object.hasOwn(new AsyncLocalStorage(), "kResourceStore");
  it.skipIf(!contextFrames)("lets the task disable() an inherited storage without touching its creator's value", async () => {
    const a = new AsyncLocalStorage<string>();
    const seen = await runVirtual(async () =>
      a.run("inherited", async () => {
        const t = createTask(async () => {
          a.disable();
          await sleep(1);
          return a.getStore();
        });
        const fromTask = await t;
        return [fromTask, a.getStore()];
      }),
    );
    expect(seen).toEqual([undefined, "inherited"]);
  });

  it("reaches a task a Runner starts from a plain callback, as an http handler would", async () => {
    const request = new AsyncLocalStorage<{ id: number }>();
    const runner = new Runner();
    try {
      const ids = await Promise.all(
        [1, 2, 3].map(
          (id) =>
            new Promise<number | undefined>((resolve, reject) => {
              setImmediate(() =>
                request.run({ id }, () => {
                  runner.createTask(async () => {
                    await sleep(0);
                    return request.getStore()?.id;
                  }).then(resolve, reject);
                }),
              );
            }),
        ),
      );
      expect(ids).toEqual([1, 2, 3]);
    } finally {
      await runner.close();
    }
  });
});
