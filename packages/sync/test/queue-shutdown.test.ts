import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Queue, QueueShutDown } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("after shutdown() puts throw QueueShutDown, and gets drain the items left before throwing it", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    queue.putNowait(1);
    queue.putNowait(2);
    queue.shutdown();
    expect(() => queue.putNowait(3)).toThrow(QueueShutDown);
    await expect(queue.put(3)).rejects.toBeInstanceOf(QueueShutDown);
    expect(await queue.get()).toBe(1);
    expect(queue.getNowait()).toBe(2);
    await expect(queue.get()).rejects.toBeInstanceOf(QueueShutDown);
    expect(() => queue.getNowait()).toThrow(QueueShutDown);
  });
});

test("shutdown() wakes blocked getters and putters with QueueShutDown", async () => {
  await run(async () => {
    const empty = new Queue<number>();
    const getters = [0, 1].map(() => createTask(() => empty.get()));
    const full = new Queue<number>({ maxsize: 1 });
    full.putNowait(0);
    const putter = createTask(() => full.put(1));
    await spin();
    empty.shutdown();
    full.shutdown();
    for (const getter of getters) expect(await outcome(getter)).toBe("QueueShutDown");
    expect(await outcome(putter)).toBe("QueueShutDown");
    expect(full.qsize()).toBe(1); // the blocked put did not sneak in
    expect(full.getNowait()).toBe(0);
  });
});

test("for await ends cleanly on shutdown(), after the items left were delivered", async () => {
  await run(async () => {
    const queue = new Queue<string>();
    const consumer = createTask(async () => {
      const seen: string[] = [];
      for await (const item of queue) {
        seen.push(item);
        queue.taskDone();
      }
      return seen;
    });
    queue.putNowait("a");
    await spin(2);
    queue.putNowait("b");
    queue.putNowait("c");
    queue.shutdown();
    expect(await consumer).toEqual(["a", "b", "c"]);
    await queue.join();
  });
});

test("breaking out of for await leaves the remaining items in the queue", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 5; i++) queue.putNowait(i);
    for await (const item of queue) {
      if (item === 1) break;
    }
    expect(queue.qsize()).toBe(3);
    expect(queue.getNowait()).toBe(2);
  });
});

test("shutdown(true) drops the items left, counts them done for join(), and stops getters at once", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 3; i++) queue.putNowait(i);
    await queue.get(); // got but not marked done: join still waits for this one
    const joiner = createTask(() => queue.join());
    await spin();
    queue.shutdown(true);
    expect(queue.qsize()).toBe(0);
    expect(queue._unfinished).toBe(1);
    await expect(queue.get()).rejects.toBeInstanceOf(QueueShutDown);
    await spin(2);
    expect(joiner.done()).toBe(false);
    queue.taskDone();
    await joiner;
  });
});

test("shutdown(true) releases join() when no item was in progress", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    queue.putNowait(1);
    queue.putNowait(2);
    const joiner = createTask(() => queue.join());
    await spin(2);
    expect(joiner.done()).toBe(false);
    queue.shutdown(true);
    await joiner;
    expect(queue._unfinished).toBe(0);
  });
});

test("shutdown(immediate) takes a boolean", () => {
  expect(() => new Queue().shutdown("yes" as unknown as boolean)).toThrow(TypeError);
  expect(new QueueShutDown().name).toBe("QueueShutDown");
});
