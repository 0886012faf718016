import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("gather fails at once with the first error and cancels the other children it started", () => {
  it("rejects when the first child fails, not when the slow ones end, and cancels them", async () => {
    const events: string[] = [];
    const reports: ExceptionContext[] = [];
    const boom = new TypeError("boom");
    await run(async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
      const slow = async (name: string) => {
        try {
          await sleep(1000);
          events.push(`${name} finished`);
        } catch (err) {
          events.push(`${name} ${err instanceof CancelledError ? "cancelled" : "failed"} at ${loop.time()}`);
          throw err;
        } finally {
          events.push(`${name} cleaned up`);
        }
      };
      const start = loop.time();
      const error = await gather(
        () => slow("a"),
        async () => {
          await sleep(100);
          throw boom;
        },
        () => slow("b"),
      ).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBe(boom);
      expect(loop.time() - start).toBe(100);
      await sleep(0);
      expect(events).toEqual(["a cancelled at 100", "a cleaned up", "b cancelled at 100", "b cleaned up"]);
    }, virtual());
    // The failing child's error was handed to gather's caller: not "never retrieved".
    expect(reports).toEqual([]);
  });

  it("a child cancelled by someone else fails gather with its CancelledError (gather not cancelled), and cancels its siblings", async () => {
    await run(async () => {
      const victim = createTask(() => sleep(1000));
      let siblingCancelled = false;
      const g = gather(victim, async () => {
        try {
          await sleep(1000);
        } catch (err) {
          siblingCancelled = err instanceof CancelledError;
          throw err;
        }
      });
      await sleep(10);
      victim.cancel();
      await expect(g).rejects.toBeInstanceOf(CancelledError);
      // asyncio's rule: gather itself was not cancelled, it failed with the child's CancelledError.
      expect(g.cancelled()).toBe(false);
      expect(g.exception()).toBeInstanceOf(CancelledError);
      await sleep(0);
      expect(siblingCancelled).toBe(true);
    }, virtual());
  });

  it("leaves tasks and futures that were passed in running: their owner may still await them", async () => {
    await run(async () => {
      const passedIn = createTask(async () => {
        await sleep(500);
        return "still ran";
      });
      const g = gather(passedIn, async () => {
        await sleep(10);
        throw new RangeError("first failure");
      });
      await expect(g).rejects.toThrow("first failure");
      expect(passedIn.cancelled()).toBe(false);
      expect(await passedIn).toBe("still ran");
    }, virtual());
  });

  it("a later failure of another child is not reported as never retrieved", async () => {
    const reports: ExceptionContext[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(ctx));
      const stubborn = async () => {
        try {
          await sleep(1000);
        } catch {
          // Fails during its clean-up, after gather has already failed.
          throw new Error("second failure");
        }
      };
      await expect(
        gather(stubborn, async () => {
          throw new Error("first failure");
        }),
      ).rejects.toThrow("first failure");
      await sleep(10);
    }, virtual());
    expect(reports).toEqual([]);
  });
});
