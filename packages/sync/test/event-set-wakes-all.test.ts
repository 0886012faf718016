import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Event } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("set() wakes every waiter, and wait() returns at once while the flag is set", async () => {
  await run(async () => {
    const event = new Event();
    const woke: number[] = [];
    const tasks = [0, 1, 2].map((i) =>
      createTask(async () => {
        expect(await event.wait()).toBe(true);
        woke.push(i);
      }),
    );
    await spin(3);
    expect(woke).toEqual([]);
    expect(event.isSet()).toBe(false);
    event.set();
    expect(event.isSet()).toBe(true);
    for (const task of tasks) await task;
    expect(woke).toEqual([0, 1, 2]);
    // Already set: no waiting, and a second set() changes nothing.
    event.set();
    expect(await event.wait()).toBe(true);
    expect(event._waiters.size).toBe(0);
  });
});

test("clear() makes later waits block until the next set()", async () => {
  await run(async () => {
    const event = new Event();
    event.set();
    event.clear();
    expect(event.isSet()).toBe(false);
    let woke = false;
    const task = createTask(async () => {
      await event.wait();
      woke = true;
    });
    await spin(3);
    expect(woke).toBe(false);
    event.set();
    await task;
    expect(woke).toBe(true);
  });
});

test("a cancelled wait() leaves the event's waiter list", async () => {
  await run(async () => {
    const event = new Event();
    const waiting = createTask(() => event.wait());
    const staying = createTask(() => event.wait());
    await spin();
    expect(event._waiters.size).toBe(2);
    waiting.cancel();
    expect(await outcome(waiting)).toBe("cancelled");
    expect(event._waiters.size).toBe(1);
    event.set();
    expect(await outcome(staying)).toBe("ok:true");
    expect(event._waiters.size).toBe(0);
  });
});
