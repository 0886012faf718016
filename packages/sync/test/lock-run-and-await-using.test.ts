import { InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Lock } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("lock.run(fn) returns fn's result and releases the lock", async () => {
  await run(async () => {
    const lock = new Lock();
    const value = await lock.run(async () => {
      expect(lock.locked()).toBe(true);
      await sleep(0);
      return 42;
    });
    expect(value).toBe(42);
    expect(lock.locked()).toBe(false);
    expect(await lock.run(() => "sync")).toBe("sync");
  });
});

test("lock.run(fn) releases the lock when fn throws", async () => {
  await run(async () => {
    const lock = new Lock();
    await expect(
      lock.run(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(lock.locked()).toBe(false);
  });
});

test("lock.run(fn) releases the lock when the task is cancelled inside fn", async () => {
  await run(async () => {
    const lock = new Lock();
    const task = createTask(() => lock.run(() => sleep(1000)));
    await spin();
    expect(lock.locked()).toBe(true);
    task.cancel();
    expect(await outcome(task)).toBe("cancelled");
    expect(lock.locked()).toBe(false);
  });
});

test("lock.run(fn) with a non-function throws TypeError at the call", () => {
  const lock = new Lock();
  expect(() => lock.run(42 as unknown as () => void)).toThrow(TypeError);
  expect(() => lock.run(42 as unknown as () => void)).toThrow(/fn must be a function, got number 42/);
});

test("await using releases the lock at the end of the block, also when the block throws", async () => {
  await run(async () => {
    const lock = new Lock();
    {
      await using held = await lock.acquire();
      expect(lock.locked()).toBe(true);
      expect(held.released).toBe(false);
    }
    expect(lock.locked()).toBe(false);
    const failing = async (): Promise<void> => {
      await using _held = await lock.acquire();
      throw new Error("inside");
    };
    await expect(failing()).rejects.toThrow("inside");
    expect(lock.locked()).toBe(false);
    {
      using held = await lock.acquire();
      held.release(); // an explicit release inside the block is not repeated by the disposal
    }
    expect(lock.locked()).toBe(false);
  });
});

test("an Acquisition releases once: a second release() throws instead of freeing another holder", async () => {
  await run(async () => {
    const lock = new Lock();
    const first = await lock.acquire();
    first.release();
    expect(first.released).toBe(true);
    const second = await lock.acquire();
    expect(() => first.release()).toThrow(InvalidStateError);
    expect(lock.locked()).toBe(true);
    await first[Symbol.asyncDispose]();
    expect(lock.locked()).toBe(true);
    second.release();
    expect(lock.locked()).toBe(false);
  });
});
