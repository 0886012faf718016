import { createTask, run as tsioRun } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "coroutines",
  title: "Defining and awaiting async functions",
  shows:
    "calling an async function returns a Promise (and, unlike Python, starts it at once); await, createTask or run() give you its result",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  let calls = 0;
  async function greet(): Promise<string> {
    calls++;
    return "Hello!";
  }

  // JavaScript's twin of Python's coroutine object is a Promise. One difference matters: the body
  // has already run up to its first await by the time the call returns, loop or no loop.
  const promise = greet();
  print(`type: ${promise.constructor.name}`);
  print(`greet's body ran ${calls} time(s) before anything awaited it`);
  print(`await greet() -> ${await promise}`);

  // The three ways to get a result on tsio's loop.
  print(`run(greet) -> ${await run(greet)}`);
  await run(async () => {
    print(`await greet() inside a task -> ${await greet()}`);
    print(`await createTask(greet) -> ${await createTask(greet)}`);
  });
  // tsio's run() wants the function, so it decides when the body starts: passing greet() is an
  // error, caught by the types and, for plain JavaScript, at the call.
  try {
    // @ts-expect-error: a Promise is not a function
    await tsioRun(greet());
  } catch (err) {
    print(`run(greet()) -> ${(err as Error).name}: pass the function, not its promise`);
  }
}
