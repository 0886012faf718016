import { EventLoopError, run as tsioRun } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "nested-run",
  title: "run() inside a running loop",
  shows: "run() called from inside a running loop throws EventLoopError at once; await the async function instead",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  let otherRan = false;
  async function other(): Promise<string> {
    otherRan = true;
    return "other's result";
  }

  async function nested(): Promise<string> {
    // Already inside run(): a second loop on this thread is refused before `other` starts.
    return tsioRun(other);
  }

  await run(async () => {
    try {
      await nested();
    } catch (err) {
      print(`${(err as Error).name}: ${(err as Error).message}`);
      print(`is EventLoopError: ${err instanceof EventLoopError}; other ran: ${otherRan}`);
    }
    // The fix: it is already async code, so await it.
    print(`await other() -> ${await other()}`);
  });
}
