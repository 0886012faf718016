import { createTask, getRunningLoop, sleep, toThread } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "to-thread",
  title: "Offloading a blocking call with toThread()",
  shows: "a 2 s blocking query runs on a worker thread while a ticker on the loop keeps ticking",
  kind: "seed",
  realTimeOnly: "the query really blocks a worker thread for 2 s, and virtual time stands still while a thread works",
  main,
};

/**
 * Stands in for a slow synchronous database call. toThread sends a function to the worker by its
 * source text, so it must be self-contained: no imports, no variables from this module.
 */
function blockingDbQuery(): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  return "query results";
}

async function main({ print, run }: ExampleContext): Promise<void> {
  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    print("Starting async work...");
    let ticks = 0;
    const ticker = createTask(async () => {
      for (;;) {
        await sleep(450);
        ticks++;
        print(`  tick ${ticks}: the loop is free at ${Math.round(loop.time() - start)} ms`);
      }
    });
    const result = await toThread(blockingDbQuery);
    ticker.cancel();
    print(`Got: ${result}`);
  });
}
