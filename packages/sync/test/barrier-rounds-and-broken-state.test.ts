import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Barrier, BrokenBarrierError } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("wait() resolves for all parties together, with their arrival indices", async () => {
  await run(async () => {
    const barrier = new Barrier(3);
    expect(barrier.parties).toBe(3);
    const passed: number[] = [];
    const tasks = [0, 1].map(() =>
      createTask(async () => {
        const index = await barrier.wait();
        passed.push(index);
        return index;
      }),
    );
    await spin(3);
    expect(barrier.nWaiting).toBe(2);
    expect(passed).toEqual([]);
    const last = await barrier.wait();
    expect(last).toBe(2);
    expect([await tasks[0], await tasks[1]]).toEqual([0, 1]);
    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });
});

test("the barrier is reused across rounds, and a fast task cannot slip into the draining round", async () => {
  await run(async () => {
    const barrier = new Barrier(3);
    const log: string[] = [];
    const tasks = [0, 1, 2].map((i) =>
      createTask(async () => {
        for (let round = 0; round < 4; round++) {
          log.push(`${round}:${i}`);
          await barrier.wait();
        }
      }),
    );
    for (const task of tasks) await task;
    // Nobody starts round r+1 before every task arrived for round r.
    for (let round = 0; round < 4; round++) {
      const slice = log.slice(round * 3, round * 3 + 3);
      expect(slice.every((entry) => entry.startsWith(`${round}:`))).toBe(true);
    }
    expect(barrier.nWaiting).toBe(0);
  });
});

test("abort() breaks the barrier: waiting and later wait() calls throw BrokenBarrierError until reset()", async () => {
  await run(async () => {
    const barrier = new Barrier(3);
    const waiting = [0, 1].map(() => createTask(() => barrier.wait()));
    await spin(3);
    await barrier.abort();
    expect(barrier.broken).toBe(true);
    expect(barrier.nWaiting).toBe(0);
    for (const task of waiting) expect(await outcome(task)).toBe("BrokenBarrierError");
    await expect(barrier.wait()).rejects.toBeInstanceOf(BrokenBarrierError);
    await barrier.reset();
    expect(barrier.broken).toBe(false);
    const again = [0, 1].map(() => createTask(() => barrier.wait()));
    await spin(3);
    expect(await barrier.wait()).toBe(2);
    for (const task of again) expect(await outcome(task)).toMatch(/^ok:[01]$/);
  });
});

test("reset() while parties wait breaks their wait, and the barrier is usable afterwards", async () => {
  await run(async () => {
    const barrier = new Barrier(2);
    const waiting = createTask(() => barrier.wait());
    await spin(2);
    expect(barrier.nWaiting).toBe(1);
    await barrier.reset();
    expect(await outcome(waiting)).toBe("BrokenBarrierError");
    expect(barrier.broken).toBe(false);
    const partner = createTask(() => barrier.wait());
    await spin(3);
    expect(await barrier.wait()).toBe(1);
    expect(await partner).toBe(0);
  });
});

test("a cancelled waiter leaves the round, which then needs another party", async () => {
  await run(async () => {
    const barrier = new Barrier(2);
    const quitter = createTask(() => barrier.wait());
    await spin(2);
    expect(barrier.nWaiting).toBe(1);
    quitter.cancel();
    expect(await outcome(quitter)).toBe("cancelled");
    expect(barrier.nWaiting).toBe(0);
    const partner = createTask(() => barrier.wait());
    await spin(3);
    expect(await barrier.wait()).toBe(1);
    expect(await partner).toBe(0);
  });
});

test("a barrier of one party passes at once with index 0", async () => {
  await run(async () => {
    const barrier = new Barrier(1);
    expect(await barrier.wait()).toBe(0);
    expect(await barrier.wait()).toBe(0);
  });
});

test("bad party counts throw RangeError or TypeError at the call", () => {
  expect(() => new Barrier(0)).toThrow(RangeError);
  expect(() => new Barrier(-3)).toThrow(/parties must be at least 1/);
  expect(() => new Barrier(2.5)).toThrow(TypeError);
  expect(() => new Barrier(undefined as unknown as number)).toThrow(TypeError);
});

test("BrokenBarrierError is an exported Error with a name and a hint", () => {
  const err = new BrokenBarrierError();
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe("BrokenBarrierError");
  expect(err.message).toMatch(/reset\(\)/);
});
