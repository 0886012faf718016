import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { CapacityLimiter } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("raising totalTokens hands the new tokens to waiters at once, oldest first", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    await limiter.acquire();
    const started: number[] = [];
    const waiters = [0, 1, 2, 3].map((i) =>
      createTask(async () => {
        await limiter.acquire();
        started.push(i);
      }),
    );
    await spin();
    expect(started).toEqual([]);
    limiter.totalTokens = 3; // two more tokens: two waiters go
    expect(limiter.borrowedTokens).toBe(3);
    expect(limiter.statistics().tasksWaiting).toBe(2);
    await spin();
    expect(started).toEqual([0, 1]);
    limiter.totalTokens = Number.POSITIVE_INFINITY;
    await spin();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const w of waiters) await w;
    expect(limiter.borrowedTokens).toBe(5);
  });
});

test("lowering totalTokens takes no token back; newcomers wait until enough were released", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(3);
    const held = [await limiter.acquire(), await limiter.acquire(), await limiter.acquire()];
    limiter.totalTokens = 1;
    expect(limiter.borrowedTokens).toBe(3);
    expect(limiter.availableTokens).toBe(0);
    const late = createTask(() => limiter.acquire());
    await spin();
    held[0]!.release();
    held[1]!.release();
    await spin();
    expect(late.done()).toBe(false); // 1 borrowed of 1: still full
    held[2]!.release();
    (await late).release();
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("raising the total while over-subscribed hands out only the tokens really free", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(3);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    limiter.totalTokens = 1; // 3 borrowed of 1
    const waiters = [0, 1, 2].map(() => createTask(() => limiter.acquire()));
    await spin();
    limiter.totalTokens = 4; // one token is free, not three
    expect(limiter.borrowedTokens).toBe(4);
    await spin();
    expect(waiters.filter((w) => w.done())).toHaveLength(1);
    expect(limiter.availableTokens).toBe(0);
    for (const w of waiters) w.cancel();
  });
});

test("totalTokens must be an integer of at least 1 or Infinity, at construction and when set", async () => {
  expect(() => new CapacityLimiter(0)).toThrow(RangeError);
  expect(() => new CapacityLimiter(1.5)).toThrow(TypeError);
  expect(() => new CapacityLimiter(Number.NaN)).toThrow(TypeError);
  expect(() => new CapacityLimiter("2" as unknown as number)).toThrow(/totalTokens must be an integer or Infinity, got the string "2"/);
  const limiter = new CapacityLimiter(2);
  expect(() => {
    limiter.totalTokens = -1;
  }).toThrow(/CapacityLimiter.totalTokens must be at least 1/);
  expect(limiter.totalTokens).toBe(2);
});
