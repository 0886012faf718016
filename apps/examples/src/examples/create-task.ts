import { createTask, gather, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";
import { repr } from "../repr.js";

export const example: Example = {
  name: "create-task",
  title: "createTask(): concurrent work",
  shows: "two tasks scheduled at once both finish after 500 ms, not 1000; gather collects their results in order",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function fetchUser(userId: number): Promise<string> {
    await sleep(500);
    return `user_${userId}`;
  }

  await run(async () => {
    // createTask takes a function: the loop starts it on its next iteration, not when we await.
    const task1 = createTask(() => fetchUser(1));
    const task2 = createTask(() => fetchUser(2));
    const results = await gather(task1, task2);
    print(repr(results));
  });
}
