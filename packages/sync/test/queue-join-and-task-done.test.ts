import { InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Queue } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("join() waits until taskDone() was called once per item put", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    await queue.join(); // nothing put: returns at once
    for (let i = 0; i < 3; i++) queue.putNowait(i);
    let joined = false;
    const joiner = createTask(async () => {
      await queue.join();
      joined = true;
    });
    for (let i = 0; i < 3; i++) {
      await queue.get();
      await spin(2);
      expect(joined).toBe(false); // got, but not marked done yet
      queue.taskDone();
    }
    await joiner;
    expect(joined).toBe(true);
  });
});

test("join() waits for items that are put while it waits", async () => {
  await run(async () => {
    const queue = new Queue<string>();
    queue.putNowait("a");
    const joiner = createTask(() => queue.join());
    await spin();
    queue.getNowait();
    queue.putNowait("b");
    queue.taskDone();
    await spin(2);
    expect(joiner.done()).toBe(false);
    queue.getNowait();
    queue.taskDone();
    await joiner;
  });
});

test("calling taskDone() more times than items were put throws InvalidStateError", async () => {
  const queue = new Queue<number>();
  expect(() => queue.taskDone()).toThrow(InvalidStateError);
  queue.putNowait(1);
  queue.getNowait();
  queue.taskDone();
  expect(() => queue.taskDone()).toThrow(/called more times than items were put/);
  await run(async () => {
    await queue.join();
    await sleep(0);
  });
});
