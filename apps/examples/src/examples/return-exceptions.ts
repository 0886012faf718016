import { CancelledError, currentTask, gather, getRunningLoop, sleep, type Task } from "tsio";
import type { Example, ExampleContext } from "../example.js";
import { repr } from "../repr.js";

export const example: Example = {
  name: "return-exceptions",
  title: "gather() with returnExceptions",
  shows:
    "with { returnExceptions: true } errors come back as results, one per awaitable; without it the first failure fails gather at once and cancels the rest",
  kind: "seed",
  main,
};

class ValueError extends Error {
  override name = "ValueError";
}

async function main({ print, run }: ExampleContext): Promise<void> {
  async function mightFail(): Promise<never> {
    throw new ValueError("something went wrong");
  }

  await run(async () => {
    // The guide shows three results here for two awaitables. gather returns exactly one result per
    // awaitable, so the true output has two: the error, then what sleep(1000) resolved with.
    const results = await gather(mightFail, () => sleep(1000), { returnExceptions: true });
    print(repr(results));

    // Without the option, gather fails with the first error at once and cancels the children it
    // started, so nobody waits the full second for a result that will be thrown away.
    const loop = getRunningLoop();
    const start = loop.time();
    let sibling: Task<unknown> | null = null;
    try {
      await gather(mightFail, async () => {
        sibling = currentTask();
        await sleep(1000);
      });
    } catch (err) {
      print(`without returnExceptions: ${repr(err)} after ${Math.round(loop.time() - start)} ms`);
    }
    try {
      await sibling!;
    } catch (err) {
      print(`the sleeping sibling ended with ${err instanceof CancelledError ? "CancelledError" : repr(err)}`);
    }
  });
}
