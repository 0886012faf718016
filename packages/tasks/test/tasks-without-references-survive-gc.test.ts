import { describe, expect, it } from "vitest";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

describe("tasks nobody references are never collected mid-run", () => {
  it("10,000 unreferenced tasks all finish while GC is forced repeatedly", async () => {
    const script = `
      ${importTasks("run, createTask, sleep")}
      const N = 10_000;
      let finished = 0;
      let collectedEarly = 0;
      // Counts tasks garbage-collected before they finished: it must stay 0.
      const registry = new FinalizationRegistry((done) => { if (!done.value) collectedEarly++; });
      // A control object with no strong reference, to prove gc() really collects.
      let control = { big: new Array(1000).fill(0) };
      const controlRef = new WeakRef(control);
      control = null;
      await run(async () => {
        for (let i = 0; i < N; i++) {
          const done = { value: false };
          registry.register(
            createTask(async () => {
              await sleep(5 + (i % 20));
              await sleep(0);
              done.value = true;
              finished++;
            }),
            done,
          );
        }
        // No reference to any task is kept; only the loop holds them.
        for (let round = 0; round < 200 && finished < N; round++) {
          globalThis.gc();
          await sleep(2);
        }
        globalThis.gc();
        await sleep(0);
      });
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
      console.log(JSON.stringify({ finished, collectedEarly, controlCollected: controlRef.deref() === undefined }));
    `;
    const child = await runNodeScript(script, { nodeArgs: ["--expose-gc"], killAfterMs: 30_000 });
    expect(child.stderr).toBe("");
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ finished: 10_000, collectedEarly: 0, controlCollected: true });
  }, 35_000);
});
