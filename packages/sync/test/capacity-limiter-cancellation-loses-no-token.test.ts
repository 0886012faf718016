import { CancelledError, getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { describe, expect, it, test } from "vitest";
import { CapacityLimiter } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

test("a task cancelled while waiting takes no token and does not hold up the next waiter", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    const held = await limiter.acquire();
    const cancelled = createTask(() => limiter.acquire());
    const next = createTask(() => limiter.acquireOnBehalfOf("next"));
    await spin();
    cancelled.cancel();
    expect(await outcome(cancelled)).toBe("cancelled");
    expect(limiter.statistics().tasksWaiting).toBe(1);
    held.release();
    await next;
    expect(limiter.statistics().borrowers).toEqual(["next"]);
  });
});

/**
 * AnyIO issue 947: a token handed to a waiter whose task is cancelled at the same moment. The
 * cancellation lands at the waiter's `await`; the token must then go to the next waiter, not
 * stay counted as borrowed by a task that never got it.
 */
describe("a token handed to a waiter that is cancelled before it resumes", () => {
  for (const form of ["acquire", "run", "acquireOnBehalfOf"] as const) {
    const take = (limiter: CapacityLimiter): Promise<unknown> =>
      form === "acquire" ? limiter.acquire() : form === "run" ? limiter.run(() => sleep(0)) : limiter.acquireOnBehalfOf({});

    it(`${form}(): the cancel arrives before the wake-up runs`, async () => {
      await run(async () => {
        const limiter = new CapacityLimiter(1);
        const held = await limiter.acquire();
        const first = createTask(() => take(limiter));
        const second = createTask(() => limiter.acquireOnBehalfOf("second"));
        await spin();
        held.release(); // handed to `first`
        first.cancel();
        await expect(first).rejects.toBeInstanceOf(CancelledError);
        await second;
        expect(limiter.statistics().borrowers).toEqual(["second"]);
        expect(limiter.borrowedTokens).toBe(1);
      });
    });

    it(`${form}(): the cancel arrives after the wake-up ran, in the same iteration`, async () => {
      await run(async () => {
        const limiter = new CapacityLimiter(1);
        const held = await limiter.acquire();
        const first = createTask(() => take(limiter));
        await spin();
        held.release();
        getRunningLoop().callSoon(() => first.cancel());
        await expect(first).rejects.toBeInstanceOf(CancelledError);
        expect(limiter.borrowedTokens).toBe(0);
        expect(limiter.availableTokens).toBe(1);
      });
    });
  }

  it("a self-cancel request pending at the await: no token is taken or kept", async () => {
    await run(async () => {
      const limiter = new CapacityLimiter(1);
      const held = await limiter.acquire();
      const task = createTask(async () => {
        cancelMyself();
        await limiter.acquire();
      });
      await spin(2);
      expect(await outcome(task)).toBe("cancelled");
      held.release();
      expect(limiter.borrowedTokens).toBe(0);
    });
  });
});

test("a reserved token cannot be taken by a nowait acquire before its waiter resumes (AnyIO issue 1170)", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    const held = await limiter.acquireOnBehalfOf("A");
    const waiter = createTask(() => limiter.acquireOnBehalfOf("B"));
    await spin();
    held.release();
    expect(() => limiter.acquireOnBehalfOfNowait("X")).toThrow("no token is free");
    await waiter;
    expect(limiter.borrowedTokens).toBe(1);
    expect(limiter.availableTokens).toBe(0);
  });
});
