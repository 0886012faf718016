import { InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Lock } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("waiters get the lock in the order they called acquire()", async () => {
  const order = await run(async () => {
    const lock = new Lock();
    const order: number[] = [];
    await lock.acquire();
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      createTask(async () => {
        await lock.acquire();
        order.push(i);
        await sleep(0);
        lock.release();
      }),
    );
    await spin();
    expect(lock._waiters.size).toBe(5);
    lock.release();
    for (const task of tasks) await task;
    expect(lock.locked()).toBe(false);
    return order;
  });
  expect(order).toEqual([0, 1, 2, 3, 4]);
});

test("an acquire() made after release() cannot overtake the waiter the lock was handed to", async () => {
  const order = await run(async () => {
    const lock = new Lock();
    const order: string[] = [];
    await lock.acquire();
    const waiter = createTask(async () => {
      await lock.acquire();
      order.push("waiter");
      lock.release();
    });
    await spin();
    lock.release();
    // The waiter has not run yet, but the lock is already its.
    expect(lock.locked()).toBe(true);
    await lock.acquire();
    order.push("late");
    lock.release();
    await waiter;
    return order;
  });
  expect(order).toEqual(["waiter", "late"]);
});

test("an uncontended acquire() takes the lock without waiting for the loop", async () => {
  await run(async () => {
    const lock = new Lock();
    expect(lock.locked()).toBe(false);
    const held = lock.acquire();
    expect(lock.locked()).toBe(true); // taken synchronously, like asyncio's fast path
    expect((await held).released).toBe(false);
    lock.release();
    expect(lock.locked()).toBe(false);
  });
});

test("releasing an unlocked lock throws InvalidStateError", async () => {
  const lock = new Lock();
  expect(() => lock.release()).toThrow(InvalidStateError);
  expect(() => lock.release()).toThrow(/not acquired/);
  await run(async () => {
    await lock.acquire();
    lock.release();
    expect(() => lock.release()).toThrow(InvalidStateError);
  });
});
