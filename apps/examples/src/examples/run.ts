import { sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "run",
  title: "run(): the entry point",
  shows: "run(main) creates a loop, runs main as a task until it is done, then closes the loop",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function greet(name: string): Promise<string> {
    await sleep(500);
    return `Hello, ${name}`;
  }

  await run(async () => {
    const result = await greet("world");
    print(result);
  });
}
