import { describe, expect, it } from "vitest";
import { createTask, DeadlockError, run, type Task } from "../src/index.js";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

/** Two tasks that await each other: nothing can ever wake either. */
async function awaitCycle(): Promise<void> {
  const pair: Task<unknown>[] = [];
  pair.push(
    createTask(async () => {
      await pair[1];
    }, { name: "left" }),
    createTask(async () => {
      await pair[0];
    }, { name: "right" }),
  );
  await pair[0];
}

describe("a deadlock in debug mode", () => {
  it("rejects run() with a DeadlockError holding the stuck tasks' call graph (in process)", async () => {
    // Node emits beforeExit when it has nothing left to do; inside vitest's worker that never
    // happens, so the test emits it the way Node would, until run() has noticed.
    const poke = setInterval(() => process.emit("beforeExit", 0), 1);
    const outcome = await run(awaitCycle, { debug: true, handleSigint: false }).then(
      () => null,
      (err: unknown) => err,
    );
    clearInterval(poke);
    expect(outcome).toBeInstanceOf(DeadlockError);
    const err = outcome as DeadlockError;
    expect(err.name).toBe("DeadlockError");
    expect(err.graph.tasks.map((t) => t.name).sort()).toEqual(["Task-1", "left", "right"].sort());
    expect(err.graph.cycles).toHaveLength(1);
    expect(err.message).toMatch(/Deadlock: 3 task\(s\) are still pending/);
    expect(err.message).toMatch(/cycle: #\d+ left -> #\d+ right -> #\d+ left/);
  });

  it("does not fire while the loop still has a timer, however often Node asks", async () => {
    const poke = setInterval(() => process.emit("beforeExit", 0), 1);
    const { sleep } = await import("../src/index.js");
    await expect(run(() => sleep(30, "slept"), { debug: true, handleSigint: false })).resolves.toBe("slept");
    clearInterval(poke);
  });

  const script = (debug: boolean) => `
    ${importTasks("createTask, run")}
    await run(async () => {
      const pair = [];
      pair.push(createTask(async () => { await pair[1]; }, { name: "left" }), createTask(async () => { await pair[0]; }, { name: "right" }));
      await pair[0];
    }, { debug: ${debug} });
  `;

  it("ends a real process with the graph on stderr instead of Node's silent status 13", async () => {
    const child = await runNodeScript(script(true));
    expect(child.code).toBe(1);
    expect(child.stderr).toContain("DeadlockError: Deadlock: 3 task(s) are still pending");
    expect(child.stderr).toMatch(/cycle: #\d+ left -> #\d+ right -> #\d+ left/);
    expect(child.stderr).toMatch(/created at file:\/\//);
  });

  it("leaves a process without debug mode exiting as before (status 13)", async () => {
    const child = await runNodeScript(script(false));
    expect(child.code).toBe(13);
    expect(child.stderr).not.toContain("DeadlockError");
  });
});
