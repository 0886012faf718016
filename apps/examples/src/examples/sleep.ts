import { getRunningLoop, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "sleep",
  title: "Non-blocking sleep",
  shows: "await sleep(ms) suspends only the task that sleeps; the loop stays free for everything else",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function showProgress(): Promise<void> {
    print("Step 1...");
    await sleep(1000);
    print("Step 2...");
    await sleep(1000);
    print("Done!");
  }

  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    await showProgress();
    print(`(${Math.round(loop.time() - start)} ms of loop time, and the loop was free the whole while)`);
  });
}
