import { getRunningLoop, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "forgot-await",
  title: "Mistake: forgetting to await",
  shows:
    "without await the async function still starts (JavaScript, unlike Python) but nobody waits for it: its tail is lost when run() ends; debug mode reports a sleep nobody awaited",
  kind: "mistake",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function greet(): Promise<void> {
    print("greet: Hello!");
    await sleep(100);
    print("greet: ...and goodbye"); // only printed if someone waits for greet
  }

  await run(async () => {
    print("-- greet() without await");
    void greet(); // Python would print nothing here; JavaScript runs the body up to its first await
    print("main goes on at once, and returns without waiting for greet");
  });
  print("run() is over: greet's second line never printed");

  await run(async () => {
    print("-- await greet()");
    await greet();
    print("main waited for the whole of greet");
  });

  // A tsio awaitable created and never awaited is the closest twin of Python's "coroutine was
  // never awaited": debug mode reports it with where it was made.
  await run(
    async () => {
      print("-- sleep(50) without await, in debug mode");
      getRunningLoop().setExceptionHandler((_loop, context) => print(`tsio debug: ${context.message}`));
      sleep(50); // the mistake: this waits for nothing
      print("main did not wait at all");
      await sleep(100);
    },
    { debug: true },
  );
}
