import { describe, expect, it } from "vitest";
import { createTask, run, sleep, Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("seed: createTask schedules two fetchUser calls that run concurrently", () => {
  it("returns the tasks at once and gives ['user_1', 'user_2'] after 500 ms, not 1000", async () => {
    const events: string[] = [];
    const clock = new VirtualClock();

    async function fetchUser(userId: number): Promise<string> {
      events.push(`fetch ${userId} started`);
      await sleep(500);
      return `user_${userId}`;
    }

    const results = await run(
      async () => {
        const task1 = createTask(() => fetchUser(1));
        const task2 = createTask(() => fetchUser(2));
        // createTask returns immediately: neither body has started yet.
        events.push("tasks created");
        expect(task1).toBeInstanceOf(Task);
        expect(task1.done()).toBe(false);
        return [await task1, await task2];
      },
      { clock },
    );

    expect(results).toEqual(["user_1", "user_2"]);
    expect(events).toEqual(["tasks created", "fetch 1 started", "fetch 2 started"]);
    expect(clock.now()).toBe(500);
  });
});
