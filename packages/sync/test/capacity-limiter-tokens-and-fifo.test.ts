import { InvalidStateError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Acquisition, CapacityLimiter, LimiterToken, WouldBlock } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("at most totalTokens holders at once, served in the order they asked", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(2);
    let holding = 0;
    let most = 0;
    const order: number[] = [];
    const tasks = [0, 1, 2, 3, 4, 5].map((i) =>
      createTask(() =>
        limiter.run(async () => {
          order.push(i);
          most = Math.max(most, ++holding);
          await spin(2);
          holding--;
        }),
      ),
    );
    await spin();
    expect(limiter.borrowedTokens).toBe(2);
    expect(limiter.availableTokens).toBe(0);
    expect(limiter.statistics().tasksWaiting).toBe(4);
    for (const task of tasks) await task;
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.borrowedTokens).toBe(0);
    expect(limiter.availableTokens).toBe(2);
  });
});

test("a freed token goes to the first waiter: a late acquire never overtakes it", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    const order: string[] = [];
    const held = await limiter.acquire();
    const waiter = createTask(async () => {
      await using _ = await limiter.acquire();
      order.push("waiter");
    });
    await spin();
    held.release(); // handed to `waiter`, which has not resumed yet
    expect(limiter.borrowedTokens).toBe(1);
    expect(() => limiter.acquireNowait()).toThrow(WouldBlock);
    const late = createTask(async () => {
      await using _ = await limiter.acquire();
      order.push("late");
    });
    await limiter.run(() => order.push("main"));
    await waiter;
    await late;
    expect(order).toEqual(["waiter", "main", "late"]);
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("acquire() resolves to an Acquisition; await using, acquisition.release() and limiter.release() all give the token back", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(3);
    {
      await using held = await limiter.acquire();
      expect(held).toBeInstanceOf(Acquisition);
      expect(limiter.borrowedTokens).toBe(1);
    }
    expect(limiter.borrowedTokens).toBe(0);

    const a = await limiter.acquire();
    a.release();
    expect(() => a.release()).toThrow(InvalidStateError);
    expect(limiter.borrowedTokens).toBe(0);

    await limiter.acquire();
    const b = limiter.acquireNowait();
    expect(limiter.borrowedTokens).toBe(2);
    limiter.release(); // the oldest token taken with acquire()
    expect(limiter.borrowedTokens).toBe(1);
    // Tokens are interchangeable: b's release gives back the one still out, whichever it is.
    b.release();
    expect(limiter.borrowedTokens).toBe(0);
    expect(() => b.release()).toThrow(InvalidStateError); // each Acquisition releases once
    expect(() => limiter.release()).toThrow(/no token taken with acquire\(\) is out/);
  });
});

test("run() gives the token back when fn throws, and statistics() lists each call's LimiterToken", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(2);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(limiter.borrowedTokens).toBe(0);
    const inside = createTask(() => limiter.run(() => sleep(0)));
    await limiter.acquire();
    await spin();
    const stats = limiter.statistics();
    expect(stats).toMatchObject({ borrowedTokens: 2, totalTokens: 2, tasksWaiting: 0 });
    expect(stats.borrowers).toHaveLength(2);
    for (const b of stats.borrowers) expect(b).toBeInstanceOf(LimiterToken);
    expect(String(limiter)).toBe("<CapacityLimiter borrowed=2/2 waiting=0>");
    await inside;
    limiter.release();
  });
});

test("acquireNowait() throws WouldBlock when no token is free or someone already waits", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    const held = limiter.acquireNowait();
    expect(() => limiter.acquireNowait()).toThrow(WouldBlock);
    expect(() => limiter.acquireOnBehalfOfNowait("job")).toThrow(WouldBlock);
    held.release();
    expect(limiter.acquireNowait()).toBeInstanceOf(Acquisition);
  });
});

test("an Infinity limiter never makes anyone wait", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(Number.POSITIVE_INFINITY);
    const held = await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
    expect(limiter.borrowedTokens).toBe(100);
    expect(limiter.availableTokens).toBe(Number.POSITIVE_INFINITY);
    for (const h of held) h.release();
  });
});
