import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import { asCompleted, createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("asCompleted", () => {
  it("yields results in completion order, each as soon as it is there", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const slow = createTask(() => sleep(30, "slow"));
      const seen: unknown[] = [];
      for await (const result of asCompleted([slow, () => sleep(10, "fast"), Promise.resolve("promise")])) {
        expectTypeOf(result).toEqualTypeOf<string>();
        seen.push(result, loop.time());
      }
      expect(seen).toEqual(["promise", 0, "fast", 10, "slow", 30]);
      for await (const _ of asCompleted([])) throw new Error("an empty input yields nothing");
    }, virtual());
  });

  it("a failure is thrown when the iteration reaches it, and ends the iteration", async () => {
    await run(async () => {
      const seen: string[] = [];
      const error = await (async () => {
        for await (const result of asCompleted([
          () => sleep(10, "first"),
          async () => {
            await sleep(20);
            throw new RangeError("second failed");
          },
          () => sleep(30, "third"),
        ])) {
          seen.push(result);
        }
      })().catch((err: unknown) => err);
      expect(seen).toEqual(["first"]);
      expect(error).toBeInstanceOf(RangeError);
      expect(getRunningLoop().time()).toBe(20);
    }, virtual());
  });

  it("on timeout yields what finished in time, then throws TimeoutError; tasks passed in run on", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const a = createTask(() => sleep(10, "a"));
      const b = createTask(() => sleep(100, "b"));
      const seen: string[] = [];
      const error = await (async () => {
        for await (const result of asCompleted([a, b], { timeout: 50 })) seen.push(result);
      })().catch((err: unknown) => err);
      expect(seen).toEqual(["a"]);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBe(50);
      expect(b.cancelled()).toBe(false);
      expect(await b).toBe("b");
    }, virtual());
  });

  it("a break, a failure or a timeout cancels the tasks it started itself from functions", async () => {
    await run(async () => {
      const cancelled: string[] = [];
      const worker = (name: string, ms: number) => async () => {
        try {
          await sleep(ms);
          return name;
        } catch (err) {
          if (err instanceof CancelledError) cancelled.push(name);
          throw err;
        }
      };
      for await (const result of asCompleted([worker("first", 5), worker("second", 50)])) {
        expect(result).toBe("first");
        break;
      }
      await sleep(0);
      expect(cancelled).toEqual(["second"]);
      await expect(
        (async () => {
          for await (const _ of asCompleted([worker("third", 100)], { timeout: 10 })) {
            // nothing finishes in time
          }
        })(),
      ).rejects.toBeInstanceOf(TimeoutError);
      await sleep(0);
      expect(cancelled).toEqual(["second", "third"]);
      const failing = async () => {
        throw new Error("fails first");
      };
      await expect(
        (async () => {
          for await (const _ of asCompleted([failing, worker("fourth", 100)])) {
            // the failure ends it
          }
        })(),
      ).rejects.toThrow("fails first");
      await sleep(0);
      expect(cancelled).toEqual(["second", "third", "fourth"]);
    }, virtual());
  });

  it("cancelling the consuming task ends the iteration with CancelledError", async () => {
    await run(async () => {
      let started!: () => void;
      const consumer = createTask(async () => {
        for await (const _ of asCompleted([() => sleep(1000)])) {
          started();
        }
      });
      await sleep(10);
      consumer.cancel();
      started = () => {
        throw new Error("unreachable");
      };
      await expect(consumer).rejects.toBeInstanceOf(CancelledError);
      expect(consumer.cancelled()).toBe(true);
    }, virtual());
  });
});
