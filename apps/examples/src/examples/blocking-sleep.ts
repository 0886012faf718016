import { createTask, getRunningLoop, sleep } from "tsio";
import { blockThread } from "../block-thread.js";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "blocking-sleep",
  title: "Mistake: a blocking sleep inside an async function",
  shows:
    "a synchronous wait freezes the whole loop; in debug mode tsio reports which task blocked it and for how long",
  kind: "mistake",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function broken(): Promise<void> {
    print("broken(): waiting 150 ms synchronously...");
    blockThread(150); // JavaScript's time.sleep(): nothing else on this thread runs meanwhile
    await sleep(100);
    print("broken(): done");
  }

  async function correct(): Promise<void> {
    print("correct(): await sleep(150)...");
    await sleep(150); // yields: other tasks run while this one waits
    print("correct(): done");
  }

  // Debug mode times every callback and task step; anything over 100 ms is reported.
  await run(
    async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => print(`tsio debug: ${context.message}`));
      await createTask(broken, { name: "broken" });
      await createTask(correct, { name: "correct" });
      print("correct() was not reported: the loop stayed free while it slept");
    },
    { debug: true },
  );
}
