import { gather, getRunningLoop, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "event-loop",
  title: "Two tasks on one event loop",
  shows: "gather() runs a 2 s task and a 1 s task concurrently: B finishes first and the pair ends at 2000 ms, not 3000",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function taskA(): Promise<void> {
    print("Task A: starting");
    await sleep(2000);
    print("Task A: done");
  }

  async function taskB(): Promise<void> {
    print("Task B: starting");
    await sleep(1000);
    print("Task B: done");
  }

  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    // Functions, not calls: gather starts each one as a child task, in this order.
    await gather(taskA, taskB);
    print(`Both done at ${Math.round(loop.time() - start)} ms of loop time`);
  });
}
