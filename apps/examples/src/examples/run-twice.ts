import { EventLoopError, getRunningLoop, Runner, sleep, run as tsioRun } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "run-twice",
  title: "Mistake: calling run() inside run()",
  shows:
    "one run() per program entry: a nested call throws EventLoopError, while run() calls one after another are fine, and a Runner keeps one loop for several",
  kind: "mistake",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function step(name: string): Promise<string> {
    await sleep(10);
    return `${name} done`;
  }

  await run(async () => {
    try {
      await tsioRun(() => step("inner"));
    } catch (err) {
      print(`nested: ${(err as Error).name} (${err instanceof EventLoopError ? "the loop is already running" : "?"})`);
    }
    print(`fix inside a loop: ${await step("awaited")}`);
  });

  // At the top level, one after another, each run() gets a fresh loop and closes it.
  print(`first run(): ${await run(() => step("first"))}`);
  print(`second run(): ${await run(() => step("second"))}`);

  // Several entry points sharing one loop: a Runner.
  const runner = new Runner();
  try {
    const a = await runner.run(async () => ({ loop: getRunningLoop(), r: await step("a") }));
    const b = await runner.run(async () => ({ loop: getRunningLoop(), r: await step("b") }));
    print(`Runner: ${a.r}, ${b.r}, same loop: ${a.loop === b.loop}`);
  } finally {
    await runner.close();
  }
}
