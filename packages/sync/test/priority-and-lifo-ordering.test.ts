import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { comparePriority, LifoQueue, PriorityQueue } from "../src/index.js";
import { spin } from "./helpers/outcome.js";
import { prng } from "./helpers/prng.js";


test("PriorityQueue returns the smallest item first", async () => {
  await run(async () => {
    const queue = new PriorityQueue<number>();
    for (const n of [5, 1, 4, 2, 3]) queue.putNowait(n);
    const got: number[] = [];
    while (!queue.empty()) got.push(await queue.get());
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });
});

test("PriorityQueue keeps insertion order among equal priorities, with payloads never compared", () => {
  const queue = new PriorityQueue<[number, { name: string }]>();
  const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
  for (const [i, name] of names.entries()) queue.putNowait([i % 2, { name }]);
  const got: string[] = [];
  while (!queue.empty()) got.push(queue.getNowait()[1].name);
  expect(got).toEqual(["a", "c", "e", "g", "b", "d", "f", "h"]);
});

test("PriorityQueue matches a stable sort on thousands of random operations", () => {
  const random = prng(1234);
  const queue = new PriorityQueue<[number, number]>();
  const model: [number, number][] = [];
  let seq = 0;
  for (let step = 0; step < 5000; step++) {
    if (random() < 0.55 || model.length === 0) {
      const entry: [number, number] = [Math.floor(random() * 20), seq++];
      queue.putNowait(entry);
      model.push(entry);
      model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    } else {
      expect(queue.getNowait()).toEqual(model.shift());
    }
    expect(queue.qsize()).toBe(model.length);
  }
});

test("PriorityQueue accepts a compare function", () => {
  const queue = new PriorityQueue<{ due: number }>({ compare: (a, b) => b.due - a.due });
  for (const due of [3, 9, 1]) queue.putNowait({ due });
  expect([queue.getNowait().due, queue.getNowait().due, queue.getNowait().due]).toEqual([9, 3, 1]);
  expect(() => new PriorityQueue({ compare: 1 as unknown as () => number })).toThrow(TypeError);
});

test("comparePriority orders numbers, strings and arrays like Python, and refuses mixed kinds", () => {
  expect(comparePriority(1, 2)).toBeLessThan(0);
  expect(comparePriority(2n, 1)).toBeGreaterThan(0);
  expect(comparePriority("b", "a")).toBeGreaterThan(0);
  expect(comparePriority([1, "b"], [1, "a"])).toBeGreaterThan(0);
  expect(comparePriority([1], [1, 0])).toBeLessThan(0);
  expect(comparePriority([2, { x: 1 }], [2, { x: 0 }])).toBe(0);
  expect(() => comparePriority(1, "1")).toThrow(TypeError);
  expect(() => comparePriority([1, 2], [1, "2"])).toThrow(/cannot order/);
});

test("a put whose comparison throws leaves the PriorityQueue unchanged", () => {
  const queue = new PriorityQueue<number | string>();
  for (const n of [3, 1, 2]) queue.putNowait(n);
  expect(() => queue.putNowait("x")).toThrow(TypeError);
  expect(queue.qsize()).toBe(3);
  expect(queue._unfinished).toBe(3);
  expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual([1, 2, 3]);
});

test("LifoQueue returns the newest item first", async () => {
  await run(async () => {
    const queue = new LifoQueue<string>();
    for (const s of ["a", "b", "c"]) queue.putNowait(s);
    expect(await queue.get()).toBe("c");
    queue.putNowait("d");
    expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual(["d", "b", "a"]);
  });
});

test("LifoQueue and PriorityQueue keep Queue's back-pressure and shutdown", async () => {
  await run(async () => {
    for (const queue of [new LifoQueue<number>({ maxsize: 1 }), new PriorityQueue<number>({ maxsize: 1 })]) {
      queue.putNowait(1);
      const putter = createTask(() => queue.put(2));
      await spin(2);
      expect(putter.done()).toBe(false);
      expect(queue.getNowait()).toBe(1);
      await putter;
      queue.shutdown();
      const seen: number[] = [];
      for await (const item of queue) seen.push(item);
      expect(seen).toEqual([2]);
    }
  });
});
