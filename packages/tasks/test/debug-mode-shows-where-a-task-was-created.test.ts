import { inspect } from "node:util";
import type { ExceptionContext } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { captureCallGraph, createTask, Runner, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const HERE = "debug-mode-shows-where-a-task-was-created.test.ts";

function startWorker() {
  return createTask(() => sleep(100), { name: "worker" });
}

describe("debug mode records where each task was created and shows it", () => {
  it("in the task's toString() and util.inspect, and in the call graph with its age", async () => {
    await run(
      async () => {
        const worker = startWorker();
        await sleep(30);
        expect(worker.toString()).toMatch(new RegExp(`^<Task pending name='worker' created at startWorker \\(.*${HERE}:\\d+:\\d+\\)>$`));
        expect(inspect(worker)).toBe(worker.toString());
        const node = captureCallGraph().tasks.find((t) => t.name === "worker")!;
        expect(node.createdAt).toMatch(new RegExp(`^startWorker \\(.*${HERE}:\\d+:\\d+\\)$`));
        expect(node.ageMs).toBe(30);
        await worker;
      },
      { debug: true, clock: new VirtualClock(), handleSigint: false },
    );
  });

  it("in the never-retrieved report, with the whole creation stack", async () => {
    const reports: ExceptionContext[] = [];
    const runner = new Runner({ debug: true, clock: new VirtualClock(), handleSigint: false });
    runner.getLoop().setExceptionHandler((_loop, context) => reports.push(context));
    await runner.run(async () => {
      createTask(
        async () => {
          throw new Error("lost");
        },
        { name: "loser" },
      );
      await sleep(1);
    });
    await runner.close();
    const report = reports.find((r) => r.message.startsWith("Task exception was never retrieved"))!;
    expect(report.message).toMatch(new RegExp(`name='loser' created at .*${HERE}:\\d+:\\d+\\)?>`));
    expect(String(report.createdAt)).toContain(HERE);
  });

  it("records nothing outside debug mode", async () => {
    await run(
      async () => {
        const worker = startWorker();
        await sleep(1);
        expect(worker.toString()).toBe("<Task pending name='worker'>");
        const node = captureCallGraph().tasks.find((t) => t.name === "worker")!;
        expect(node.createdAt).toBeUndefined();
        expect(node.ageMs).toBeUndefined();
        worker.cancel();
      },
      { debug: false, clock: new VirtualClock(), handleSigint: false },
    );
  });
});
