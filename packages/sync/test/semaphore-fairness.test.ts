import { CancelledError, InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { BoundedSemaphore, Semaphore } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

test("at most `value` holders at once, and waiters get permits in FIFO order", async () => {
  await run(async () => {
    const sem = new Semaphore(2);
    let holding = 0;
    let most = 0;
    const order: number[] = [];
    const tasks = [0, 1, 2, 3, 4, 5].map((i) =>
      createTask(() =>
        sem.run(async () => {
          order.push(i);
          most = Math.max(most, ++holding);
          await sleep(0);
          await sleep(0);
          holding--;
        }),
      ),
    );
    for (const task of tasks) await task;
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem._value).toBe(2);
    expect(sem.locked()).toBe(false);
  });
});

test("a late acquire() never overtakes a waiter, even when a permit is free for a moment", async () => {
  await run(async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    await sem.acquire();
    const waiter = createTask(async () => {
      await sem.acquire();
      order.push("waiter");
      sem.release();
    });
    await spin();
    sem.release(); // the permit goes to `waiter`, which has not resumed yet
    expect(sem.locked()).toBe(true);
    const late = createTask(async () => {
      await sem.acquire();
      order.push("late");
      sem.release();
    });
    await sem.acquire(); // synchronously after release(): must still queue behind `waiter`
    order.push("main");
    sem.release();
    await waiter;
    await late;
    expect(order).toEqual(["waiter", "main", "late"]);
    expect(sem._value).toBe(1);
  });
});

test("a task cancelled while waiting takes no permit", async () => {
  await run(async () => {
    const sem = new Semaphore(0);
    const cancelled = createTask(() => sem.acquire());
    const served = createTask(() => sem.acquire());
    await spin();
    cancelled.cancel();
    expect(await outcome(cancelled)).toBe("cancelled");
    sem.release();
    expect(await outcome(served)).toBe("ok:[object Acquisition]");
    expect(sem._value).toBe(0);
    sem.release();
    expect(sem._value).toBe(1);
  });
});

test("a waiter cancelled just after a permit was handed to it gives the permit to the next waiter", async () => {
  await run(async () => {
    const sem = new Semaphore(1);
    await sem.acquire();
    cancelMyself();
    const mine = sem.acquire();
    const next = createTask(async () => {
      await sem.acquire();
      return "next";
    });
    sem.release(); // handed to `mine`, whose await then throws the pending cancellation
    await expect(mine).rejects.toBeInstanceOf(CancelledError);
    expect(sem._value).toBe(1); // the permit came back
    expect(await next).toBe("next");
    expect(sem._value).toBe(0);
  });
});

test("semaphore.run(fn) gives the permit back when fn throws or the task is cancelled", async () => {
  await run(async () => {
    const sem = new Semaphore(1);
    await expect(
      sem.run(() => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(sem._value).toBe(1);
    const task = createTask(() => sem.run(() => sleep(1000)));
    await spin();
    expect(sem._value).toBe(0);
    task.cancel();
    await outcome(task);
    expect(sem._value).toBe(1);
    {
      await using _permit = await sem.acquire();
      expect(sem.locked()).toBe(true);
    }
    expect(sem._value).toBe(1);
  });
});

test("BoundedSemaphore throws InvalidStateError when released past its initial value", async () => {
  await run(async () => {
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(InvalidStateError);
    expect(() => sem.release()).toThrow(/released too many times/);
    await sem.acquire();
    sem.release();
    expect(() => sem.release()).toThrow(InvalidStateError);
    expect(sem._value).toBe(2);
    // A plain Semaphore may be released beyond its initial value.
    const plain = new Semaphore(1);
    plain.release();
    expect(plain._value).toBe(2);
  });
});

test("bad values throw RangeError or TypeError at the call", () => {
  expect(() => new Semaphore(-1)).toThrow(RangeError);
  expect(() => new Semaphore(-1)).toThrow(/new Semaphore\(value\): value must be at least 0, got -1/);
  expect(() => new BoundedSemaphore(-1)).toThrow(/new BoundedSemaphore/);
  expect(() => new Semaphore(1.5)).toThrow(TypeError);
  expect(() => new Semaphore(Number.NaN)).toThrow(TypeError);
  expect(() => new Semaphore("2" as unknown as number)).toThrow(TypeError);
  expect(() => new Semaphore(1).run(null as unknown as () => void)).toThrow(TypeError);
  expect(new Semaphore(0).locked()).toBe(true);
  expect(new Semaphore().locked()).toBe(false);
});
