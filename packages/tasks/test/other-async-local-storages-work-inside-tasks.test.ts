import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

// A task's context frame is tsio's own on Node 24+ (not a Map per task): every other
// AsyncLocalStorage used inside a task must see exactly what it would in a real frame.
describe("other AsyncLocalStorages inside tasks", () => {
  it("run() and enterWith() inside a task keep the task and their own value through awaits and Promise.all", async () => {
    const requestId = new AsyncLocalStorage<string>();
    const seen = await run(
      async () => {
        const worker = async (id: string) => {
          const me = currentTask();
          expect(requestId.getStore()).toBeUndefined();
          return requestId.run(id, async () => {
            await sleep(1);
            const [a, b] = await Promise.all([
              (async () => {
                await sleep(2);
                return `${requestId.getStore()}:${currentTask() === me}`;
              })(),
              Promise.resolve().then(() => requestId.getStore()),
            ]);
            return [a, b, requestId.getStore(), currentTask()?.getName()];
          });
        };
        const entering = async () => {
          requestId.enterWith("entered");
          await sleep(1);
          return [requestId.getStore(), currentTask()?.getName()];
        };
        const results = await gather(
          createTask(() => worker("r1"), { name: "w1" }),
          createTask(() => worker("r2"), { name: "w2" }),
          createTask(entering, { name: "e" }),
        );
        // The main task never entered a value: what its children did stays theirs.
        return { results, main: requestId.getStore() };
      },
      { clock: new VirtualClock() },
    );
    expect(seen.results).toEqual([
      ["r1:true", "r1", "r1", "w1"],
      ["r2:true", "r2", "r2", "w2"],
      ["entered", "e"],
    ]);
    expect(seen.main).toBeUndefined();
  });

  it("an AsyncResource or snapshot made inside a task brings its context back later, elsewhere", async () => {
    const tag = new AsyncLocalStorage<number>();
    const out = await run(
      async () => {
        let resource: AsyncResource | undefined;
        let snapshot: (<R>(fn: () => R) => R) | undefined;
        await createTask(
          async () => {
            await tag.run(7, async () => {
              resource = new AsyncResource("test");
              snapshot = AsyncLocalStorage.snapshot();
              await sleep(1);
            });
          },
          { name: "maker" },
        );
        // Called from main, they run in the maker's context (its task and tag), and then restore main's.
        const viaResource = resource!.runInAsyncScope(() => [tag.getStore(), currentTask()]);
        const viaSnapshot = snapshot!(() => tag.getStore());
        return { viaResource, viaSnapshot, after: [tag.getStore(), currentTask()?.getName()] };
      },
      { clock: new VirtualClock(), name: "main" },
    );
    expect(out.viaResource[0]).toBe(7);
    // The maker is done, so it is no current task even in its own context.
    expect(out.viaResource[1]).toBeNull();
    expect(out.viaSnapshot).toBe(7);
    expect(out.after).toEqual([undefined, "main"]);
  });

  it("disable() of another storage inside a task leaves the task's own context alone", async () => {
    const other = new AsyncLocalStorage<string>();
    const out = await run(
      async () => {
        const task = createTask(async () => {
          other.enterWith("x");
          await sleep(1);
          other.disable();
          const afterDisable = other.getStore();
          await sleep(1);
          return [afterDisable, currentTask()?.getName()];
        }, { name: "t" });
        return task;
      },
      { clock: new VirtualClock() },
    );
    expect(out).toEqual([undefined, "t"]);
  });
});
