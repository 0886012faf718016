import { CancelledError } from "@tsio/loop";
import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Queue } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

test("a put() cancelled while waiting leaves the queue unchanged", async () => {
  await run(async () => {
    const queue = new Queue<string>({ maxsize: 1 });
    queue.putNowait("kept");
    const putter = createTask(() => queue.put("never"));
    await spin();
    putter.cancel();
    expect(await outcome(putter)).toBe("cancelled");
    expect(queue._putters.size).toBe(0);
    expect(queue.getNowait()).toBe("kept");
    expect(queue.empty()).toBe(true);
    expect(queue._unfinished).toBe(1);
  });
});

test("a get() cancelled while waiting takes nothing: the next item goes to the next getter", async () => {
  await run(async () => {
    const queue = new Queue<string>();
    const cancelled = createTask(() => queue.get());
    const served = createTask(() => queue.get());
    await spin();
    cancelled.cancel();
    queue.putNowait("item");
    expect(await outcome(cancelled)).toBe("cancelled");
    expect(await outcome(served)).toBe("ok:item");
  });
});

test("a get() cancelled after it was woken for an item loses no item: the next getter is woken for it", async () => {
  await run(async () => {
    const queue = new Queue<string>();
    cancelMyself(); // delivered at the first getter's await, after putNowait() woke it
    const first = queue.get();
    const second = queue.get();
    queue.putNowait("item");
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    expect(await second).toBe("item");
    expect(queue.empty()).toBe(true);
  });
});

test("a woken-then-cancelled get() with nobody behind it leaves the item in the queue", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    cancelMyself();
    const getting = queue.get();
    queue.putNowait(7);
    await expect(getting).rejects.toBeInstanceOf(CancelledError);
    expect(queue.qsize()).toBe(1);
    expect(await queue.get()).toBe(7);
  });
});

test("a put() cancelled after it was woken for a free slot passes the slot to the next putter", async () => {
  await run(async () => {
    const queue = new Queue<string>({ maxsize: 1 });
    queue.putNowait("first");
    cancelMyself();
    const cancelled = queue.put("cancelled");
    const next = queue.put("next");
    expect(queue.getNowait()).toBe("first"); // frees the slot and wakes `cancelled`
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    await next;
    expect(queue.qsize()).toBe(1);
    expect(queue.getNowait()).toBe("next");
    expect(queue._unfinished).toBe(2); // "first" and "next", never "cancelled"
  });
});

test("a for await consumer cancelled mid-wait loses no item", async () => {
  await run(async () => {
    const queue = new Queue<number>();
    const seen: number[] = [];
    const consumer = createTask(async () => {
      for await (const item of queue) seen.push(item);
    });
    await spin();
    consumer.cancel();
    queue.putNowait(1);
    expect(await outcome(consumer)).toBe("cancelled");
    expect(seen).toEqual([]);
    expect(queue.getNowait()).toBe(1);
  });
});
