import { InvalidStateError } from "@tsio/loop";
import { createTask, currentTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { CapacityLimiter } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("a borrower holds one token: borrowing again while holding or waiting throws InvalidStateError", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(2);
    await limiter.acquireOnBehalfOf("job-1");
    expect(() => limiter.acquireOnBehalfOf("job-1")).toThrow(InvalidStateError);
    expect(() => limiter.acquireOnBehalfOfNowait("job-1")).toThrow(/already holds a token/);
    expect(limiter.borrowedTokens).toBe(1);

    await limiter.acquireOnBehalfOf("job-2");
    const waiting = createTask(() => limiter.acquireOnBehalfOf("job-3"));
    await spin();
    expect(() => limiter.acquireOnBehalfOf("job-3")).toThrow(/already waiting for a token/);
    expect(limiter.statistics().borrowers).toEqual(["job-1", "job-2"]);

    limiter.releaseOnBehalfOf("job-1");
    await waiting;
    expect(limiter.statistics().borrowers).toEqual(["job-2", "job-3"]);
    limiter.releaseOnBehalfOf("job-2");
    limiter.releaseOnBehalfOf("job-3");
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("releaseOnBehalfOf() a borrower that holds nothing throws InvalidStateError and changes nothing", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    expect(() => limiter.releaseOnBehalfOf("nobody")).toThrow(/holds no token/);
    const held = await limiter.acquireOnBehalfOf("me");
    held.release(); // the Acquisition gives the borrower's token back
    expect(() => limiter.releaseOnBehalfOf("me")).toThrow(InvalidStateError);
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("the current task as borrower gives Trio's rule: one token per task", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(5);
    const results = await Promise.all(
      [1, 2].map((n) =>
        createTask(async () => {
          const me = currentTask();
          await using _ = await limiter.acquireOnBehalfOf(me);
          let again: unknown;
          try {
            await limiter.acquireOnBehalfOf(me);
          } catch (err) {
            again = err;
          }
          return `${n}:${(again as Error).name}:${limiter.statistics().borrowers.includes(me)}`;
        }),
      ),
    );
    expect(results).toEqual(["1:InvalidStateError:true", "2:InvalidStateError:true"]);
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("a borrower must be given: null and undefined throw TypeError at the call", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(1);
    expect(() => limiter.acquireOnBehalfOf(undefined)).toThrow(/acquireOnBehalfOf\(borrower\): borrower must identify who borrows/);
    expect(() => limiter.acquireOnBehalfOfNowait(null)).toThrow(TypeError);
    expect(limiter.borrowedTokens).toBe(0);
  });
});

test("objects, tasks and strings are borrowers, told apart by identity", async () => {
  await run(async () => {
    const limiter = new CapacityLimiter(3);
    const a = { id: 1 };
    const b = { id: 1 };
    await limiter.acquireOnBehalfOf(a);
    await limiter.acquireOnBehalfOf(b);
    expect(limiter.borrowedTokens).toBe(2);
    limiter.releaseOnBehalfOf(a);
    limiter.releaseOnBehalfOf(b);
  });
});
