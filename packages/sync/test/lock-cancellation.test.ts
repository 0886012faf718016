import { CancelledError } from "@tsio/loop";
import { createTask, run, sleep, type Task } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Lock } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

test("a waiter cancelled while waiting never takes the lock, and the next waiter gets it", async () => {
  await run(async () => {
    const lock = new Lock();
    const order: string[] = [];
    await lock.acquire();
    const a = createTask(async () => {
      await lock.acquire();
      order.push("a");
      lock.release();
    });
    const b = createTask(async () => {
      await lock.acquire();
      order.push("b");
      lock.release();
    });
    await spin();
    a.cancel();
    expect(lock._waiters.size).toBe(1); // the cancelled waiter left the line at once
    lock.release();
    expect(await outcome(a)).toBe("cancelled");
    expect(await outcome(b)).toBe("ok:undefined");
    expect(order).toEqual(["b"]);
    expect(lock.locked()).toBe(false);
  });
});

test("a waiter cancelled after the lock was handed to it passes the lock on", async () => {
  await run(async () => {
    const lock = new Lock();
    await lock.acquire();
    const next = createTask(async () => {
      await sleep(0); // queue up behind the main task's own acquire below
      await lock.acquire();
      return "next got it";
    });
    cancelMyself(); // delivered at the next tsio await: the waiter's, after release() woke it
    const mine = lock.acquire();
    lock.release(); // hands the lock to `mine` before its await ever ran
    expect(lock.locked()).toBe(true);
    await expect(mine).rejects.toBeInstanceOf(CancelledError);
    // `mine` gave the lock back instead of keeping it.
    expect(lock.locked()).toBe(false);
    expect(await next).toBe("next got it");
    lock.release();
  });
});

test("a woken-then-cancelled waiter hands the lock to the waiter behind it", async () => {
  await run(async () => {
    const lock = new Lock();
    await lock.acquire();
    cancelMyself();
    const mine = lock.acquire();
    const behind = createTask(async () => {
      await lock.acquire();
      return "behind";
    });
    // `behind` cannot queue before the main task yields; release first, so `mine` is woken.
    lock.release();
    await expect(mine).rejects.toBeInstanceOf(CancelledError);
    expect(lock.locked()).toBe(false);
    expect(await behind).toBe("behind");
  });
});

test("no deadlock when waiters are cancelled in any order", async () => {
  // Every subset of 4 waiters cancelled, in every order, before or after the holder releases.
  const permutations = (xs: number[]): number[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
  const cases: { cancel: number[]; releaseFirst: boolean }[] = [];
  for (let mask = 0; mask < 16; mask++) {
    const chosen = [0, 1, 2, 3].filter((i) => mask & (1 << i));
    for (const cancel of permutations(chosen)) {
      cases.push({ cancel, releaseFirst: false }, { cancel, releaseFirst: true });
    }
  }
  await run(async () => {
    for (const { cancel, releaseFirst } of cases) {
      const lock = new Lock();
      const order: number[] = [];
      await lock.acquire();
      const tasks: Task<void>[] = [0, 1, 2, 3].map((i) =>
        createTask(() =>
          lock.run(async () => {
            order.push(i);
            await sleep(0);
          }),
        ),
      );
      await spin();
      if (releaseFirst) lock.release();
      for (const i of cancel) {
        tasks[i]!.cancel();
        await spin(Number(i % 2 === 0));
      }
      if (!releaseFirst) lock.release();
      const outcomes = [];
      for (const task of tasks) outcomes.push(await outcome(task));
      const label = `cancel [${cancel}] releaseFirst=${releaseFirst}`;
      // FIFO among those that got the lock, and everyone not cancelled got it.
      expect(order, label).toEqual([...order].sort());
      for (let i = 0; i < 4; i++) {
        if (!cancel.includes(i)) expect(outcomes[i], label).toBe("ok:undefined");
        if (outcomes[i] === "ok:undefined") expect(order, label).toContain(i);
      }
      expect(lock.locked()).toBe(false);
      expect(lock._waiters.size).toBe(0);
    }
  });
});
