import { type Future, getRunningLoop } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ALL_COMPLETED,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  run,
  sleep,
  type Task,
  wait,
} from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

function sleeper(ms: number, value: string): Task<string> {
  return createTask(() => sleep(ms, value));
}

function failer(ms: number): Task<never> {
  return createTask(async () => {
    await sleep(ms);
    throw new RangeError(`failed at ${ms}`);
  });
}

describe("wait", () => {
  it("ALL_COMPLETED (the default) returns when every awaitable is done", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = sleeper(10, "a");
      const b = sleeper(30, "b");
      const f = failer(20);
      const { done, pending } = await wait([a, b, f]);
      expectTypeOf(done).toEqualTypeOf<Set<Task<string>>>();
      expect(loop.time()).toBe(30);
      expect(done).toEqual(new Set([a, b, f]));
      expect(pending.size).toBe(0);
      expect(f.exception()).toBeInstanceOf(RangeError);
      const same = await wait([a], { returnWhen: ALL_COMPLETED });
      expect(same.done).toEqual(new Set([a]));
    }, virtual());
  });

  it("ALL_COMPLETED with a timeout returns what is done and cancels nothing", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = sleeper(10, "a");
      const b = sleeper(100, "b");
      const { done, pending } = await wait([a, b], { timeout: 50 });
      expect(loop.time()).toBe(50);
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(b.cancelled()).toBe(false);
      expect(await b).toBe("b");
    }, virtual());
  });

  it("FIRST_COMPLETED returns at the first completion, success or failure", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const f = failer(15);
      const a = sleeper(40, "a");
      const { done, pending } = await wait([a, f], { returnWhen: FIRST_COMPLETED });
      expect(loop.time()).toBe(15);
      expect(done).toEqual(new Set([f]));
      expect(pending).toEqual(new Set([a]));
      f.exception();
    }, virtual());
  });

  it("FIRST_COMPLETED with a timeout returns empty-handed when nothing finished in time", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = sleeper(40, "a");
      const { done, pending } = await wait([a], { returnWhen: FIRST_COMPLETED, timeout: 10 });
      expect(loop.time()).toBe(10);
      expect(done.size).toBe(0);
      expect(pending).toEqual(new Set([a]));
    }, virtual());
  });

  it("FIRST_EXCEPTION returns at the first failure, not at a success or a cancellation", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = sleeper(5, "a");
      const c = sleeper(1000, "c");
      const f = failer(20);
      const slow = sleeper(100, "slow");
      c.cancel();
      const { done, pending } = await wait([a, c, f, slow], { returnWhen: FIRST_EXCEPTION });
      expect(loop.time()).toBe(20);
      expect(done).toEqual(new Set([a, c, f]));
      expect(pending).toEqual(new Set([slow]));
      f.exception();
    }, virtual());
  });

  it("FIRST_EXCEPTION with no failure waits for all, or for the timeout", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = sleeper(5, "a");
      const b = sleeper(10, "b");
      const all = await wait([a, b], { returnWhen: FIRST_EXCEPTION });
      expect(all.done).toEqual(new Set([a, b]));
      expect(loop.time()).toBe(10);
      const c = sleeper(100, "c");
      const timed = await wait([c], { returnWhen: FIRST_EXCEPTION, timeout: 30 });
      expect(timed.pending).toEqual(new Set([c]));
      expect(loop.time()).toBe(40);
    }, virtual());
  });

  it("starts functions as tasks (the sets hold those tasks) and wraps promises in futures", async () => {
    await run(async () => {
      const { done } = await wait([() => sleep(5, 1), Promise.resolve("p")]);
      const values = [...done].map((f: Future<unknown>) => f.result()).sort();
      expect(values).toEqual([1, "p"]);
      const [first] = [...done];
      expect(first).toHaveProperty("getName");
    }, virtual());
  });

  it("cancelling the waiting task stops the wait but not the awaitables", async () => {
    await run(async () => {
      const a = sleeper(100, "a");
      const waiter = createTask(() => wait([a]));
      await sleep(10);
      waiter.cancel();
      await expect(waiter).rejects.toThrow();
      expect(waiter.cancelled()).toBe(true);
      expect(a.cancelled()).toBe(false);
      expect(await a).toBe("a");
    }, virtual());
  });
});
