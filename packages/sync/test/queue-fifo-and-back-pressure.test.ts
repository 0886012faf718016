import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Queue, QueueEmpty, QueueFull } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("items come out in the order they were put", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 100; i++) queue.putNowait(i);
    expect(queue.qsize()).toBe(100);
    const got: number[] = [];
    while (!queue.empty()) got.push(await queue.get());
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

test("get() waits for an item; waiting getters are served in FIFO order", async () => {
  await run(async () => {
    const queue = new Queue<string>();
    const got: string[] = [];
    const getters = [0, 1, 2].map((i) =>
      createTask(async () => {
        got.push(`${i}:${await queue.get()}`);
      }),
    );
    await spin();
    expect(queue._getters.size).toBe(3);
    queue.putNowait("a");
    queue.putNowait("b");
    queue.putNowait("c");
    for (const task of getters) await task;
    expect(got).toEqual(["0:a", "1:b", "2:c"]);
  });
});

test("a bounded queue makes put() wait while full: the producer runs at the consumer's pace", async () => {
  await run(async () => {
    const queue = new Queue<number>({ maxsize: 2 });
    expect(queue.maxsize).toBe(2);
    const log: string[] = [];
    const producer = createTask(async () => {
      for (let i = 0; i < 5; i++) {
        await queue.put(i);
        log.push(`put ${i}`);
      }
    });
    await spin(3);
    expect(log).toEqual(["put 0", "put 1"]);
    expect(queue.full()).toBe(true);
    expect(queue._putters.size).toBe(1);
    for (let i = 0; i < 5; i++) {
      log.push(`got ${await queue.get()}`);
      await sleep(0);
      expect(queue.qsize()).toBeLessThanOrEqual(2);
    }
    await producer;
    expect(log).toEqual(["put 0", "put 1", "got 0", "put 2", "got 1", "put 3", "got 2", "put 4", "got 3", "got 4"]);
  });
});

test("maxsize 1 ping-pong hands every item across in order", async () => {
  await run(async () => {
    const queue = new Queue<number>({ maxsize: 1 });
    const n = 2000;
    const consumer = createTask(async () => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const item = await queue.get();
        expect(item).toBe(i);
        sum += item;
      }
      return sum;
    });
    for (let i = 0; i < n; i++) await queue.put(i);
    expect(await consumer).toBe((n * (n - 1)) / 2);
  });
});

test("putNowait throws QueueFull and getNowait throws QueueEmpty", () => {
  const queue = new Queue<number>({ maxsize: 1 });
  expect(() => queue.getNowait()).toThrow(QueueEmpty);
  queue.putNowait(1);
  expect(() => queue.putNowait(2)).toThrow(QueueFull);
  expect(queue.qsize()).toBe(1);
  expect(queue.getNowait()).toBe(1);
  expect(new QueueFull().name).toBe("QueueFull");
  expect(new QueueEmpty().message).toMatch(/await queue.get\(\)/);
});

test("an unbounded queue is never full", () => {
  const queue = new Queue<number>();
  for (let i = 0; i < 1000; i++) queue.putNowait(i);
  expect(queue.full()).toBe(false);
  expect(queue.maxsize).toBe(0);
});
