import { InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Condition, Lock } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("notify(n) wakes n waiters in the order they waited, each with the lock held", async () => {
  await run(async () => {
    const cond = new Condition();
    const woke: number[] = [];
    const tasks = [0, 1, 2, 3].map((i) =>
      createTask(() =>
        cond.run(async () => {
          expect(await cond.wait()).toBe(true);
          expect(cond.locked()).toBe(true);
          woke.push(i);
        }),
      ),
    );
    await spin(2);
    expect(cond._waiters.size).toBe(4);
    await cond.run(() => cond.notify(2));
    await spin(3);
    expect(woke).toEqual([0, 1]);
    await cond.run(() => cond.notify());
    await spin(3);
    expect(woke).toEqual([0, 1, 2]);
    await cond.run(() => cond.notifyAll());
    for (const task of tasks) await task;
    expect(woke).toEqual([0, 1, 2, 3]);
    expect(cond.locked()).toBe(false);
  });
});

test("waitFor(predicate) re-checks after every wake-up and resolves to the predicate's value", async () => {
  await run(async () => {
    const cond = new Condition();
    const items: string[] = [];
    let checks = 0;
    const consumer = createTask(() =>
      cond.run(() =>
        cond.waitFor(() => {
          checks++;
          return items.length >= 2 && items.join("+");
        }),
      ),
    );
    await spin(2);
    await cond.run(() => {
      items.push("a");
      cond.notifyAll();
    });
    await spin(3);
    expect(consumer.done()).toBe(false); // woken, predicate still false, waiting again
    await cond.run(() => {
      items.push("b");
      cond.notifyAll();
    });
    expect(await consumer).toBe("a+b");
    expect(checks).toBe(3);
    // A predicate that already holds returns without waiting.
    expect(await cond.run(() => cond.waitFor(() => 7))).toBe(7);
  });
});

test("notify, notifyAll, wait and waitFor without holding the lock throw InvalidStateError at the call", () => {
  const cond = new Condition();
  expect(() => cond.notify()).toThrow(InvalidStateError);
  expect(() => cond.notifyAll()).toThrow(InvalidStateError);
  expect(() => cond.wait()).toThrow(InvalidStateError);
  expect(() => cond.waitFor(() => true)).toThrow(/acquire the condition's lock first/);
});

test("bad arguments throw TypeError or RangeError at the call", async () => {
  expect(() => new Condition({} as Lock)).toThrow(TypeError);
  await run(async () => {
    const cond = new Condition();
    await cond.acquire();
    expect(() => cond.notify(-1)).toThrow(RangeError);
    expect(() => cond.notify(1.5)).toThrow(TypeError);
    expect(() => cond.notify("2" as unknown as number)).toThrow(TypeError);
    expect(() => cond.waitFor(true as unknown as () => boolean)).toThrow(TypeError);
    cond.notify(0);
    cond.notify(Number.POSITIVE_INFINITY);
    cond.release();
  });
});

test("conditions can share one lock", async () => {
  await run(async () => {
    const lock = new Lock();
    const notEmpty = new Condition(lock);
    const notFull = new Condition(lock);
    await lock.acquire();
    expect(notEmpty.locked()).toBe(true);
    expect(notFull.locked()).toBe(true);
    notFull.release();
    expect(lock.locked()).toBe(false);
  });
});

test("a cancelled wait() re-acquires the lock before CancelledError propagates", async () => {
  await run(async () => {
    const cond = new Condition();
    let lockedWhenCancelled: boolean | undefined;
    const waiter = createTask(async () => {
      await cond.acquire();
      try {
        await cond.wait();
      } finally {
        lockedWhenCancelled = cond.locked();
        cond.release();
      }
    });
    await spin();
    await cond.acquire(); // hold the lock, so the cancelled waiter must wait to re-acquire it
    waiter.cancel();
    await spin(3);
    expect(waiter.done()).toBe(false);
    expect(cond._waiters.size).toBe(0);
    cond.release();
    expect(await outcome(waiter)).toBe("cancelled");
    expect(lockedWhenCancelled).toBe(true);
    expect(cond.locked()).toBe(false);
  });
});

test("a waiter cancelled after it was notified passes the notification to another waiter", async () => {
  await run(async () => {
    const cond = new Condition();
    const first = createTask(() => cond.run(() => cond.wait()));
    const second = createTask(() => cond.run(() => cond.wait()));
    await spin(2);
    await cond.acquire();
    cond.notify(1); // goes to `first`
    first.cancel(); // too late to stop the notification: it must reach `second` instead
    await sleep(0); // `first` wakes and queues for the lock we still hold
    cond.release();
    expect(await outcome(first)).toBe("cancelled");
    expect(await outcome(second)).toBe("ok:true");
    expect(cond.locked()).toBe(false);
  });
});

test("a waiter cancelled before it was notified does not swallow a notification", async () => {
  await run(async () => {
    const cond = new Condition();
    const first = createTask(() => cond.run(() => cond.wait()));
    const second = createTask(() => cond.run(() => cond.wait()));
    await spin(2);
    first.cancel();
    await cond.run(() => cond.notify(1));
    expect(await outcome(first)).toBe("cancelled");
    expect(await outcome(second)).toBe("ok:true");
  });
});
