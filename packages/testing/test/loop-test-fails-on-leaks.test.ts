import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { LoopTestError, runLoopTest } from "../src/index.js";
import { loopTest } from "../src/vitest.js";

const realSetTimeout = globalThis.setTimeout;

async function problemsOf(promise: Promise<void>): Promise<readonly string[]> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof LoopTestError) return err.problems;
    throw err;
  }
  throw new Error("expected the loop test to fail");
}

describe("runLoopTest, the checker behind loopTest", () => {
  it("passes a clean test and hands it the clock", async () => {
    let at = -1;
    await runLoopTest(async ({ clock }) => {
      const child = createTask(() => sleep(250));
      await child;
      at = clock.now();
    });
    expect(at).toBe(250);
  });

  it("fails on a leaked task", async () => {
    const problems = await problemsOf(
      runLoopTest(
        async () => {
          createTask(() => sleep(1000), { name: "forgotten" });
        },
        { checkTimers: false },
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/1 task still pending: <Task pending name='forgotten'/);
  });

  it("fails on a leaked timer, unless timers are opted out", async () => {
    const body = async (): Promise<void> => {
      getRunningLoop().callLater(500, () => {});
    };
    expect(await problemsOf(runLoopTest(body))).toEqual(["1 timer still armed on the loop"]);
    await runLoopTest(body, { checkTimers: false });
  });

  it("fails on a faked timer left pending", async () => {
    const problems = await problemsOf(
      runLoopTest(
        async () => {
          setTimeout(() => {}, 1000);
        },
        { fakeGlobals: true },
      ),
    );
    expect(problems).toEqual(["1 faked setTimeout/setInterval timer still pending"]);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
  });

  it("fails on an exception that was never retrieved", async () => {
    const problems = await problemsOf(
      runLoopTest(async () => {
        createTask(
          async () => {
            await sleep(10);
            throw new Error("lost in the background");
          },
          { name: "doomed" },
        );
        await sleep(20);
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/exception was never retrieved.*doomed.*lost in the background/);
  });

  it("fails when a callback blocks the loop longer than maxBlockingMs (opt-in)", async () => {
    const blocker = async (): Promise<void> => {
      await sleep(10);
      const until = performance.now() + 30;
      while (performance.now() < until) {
        // a synchronous sleep: the seed's time.sleep() mistake
      }
    };
    await runLoopTest(blocker);
    const problems = await problemsOf(runLoopTest(blocker, { maxBlockingMs: 15 }));
    // Other steps may also cross so low a limit on a loaded machine; the 30 ms one must be there.
    for (const p of problems) expect(p).toMatch(/^the loop was blocked for \d+\.\d ms \(limit 15 ms\)/);
    const durations = problems.map((p) => Number(/blocked for ([\d.]+) ms/.exec(p)?.[1]));
    expect(Math.max(...durations)).toBeGreaterThanOrEqual(29);
  });

  it("rejects with the body's own error when the body fails", async () => {
    await expect(
      runLoopTest(async () => {
        createTask(() => sleep(1000));
        throw new TypeError("the body's own failure");
      }),
    ).rejects.toThrow(TypeError);
  });

  it("reports several problems at once", async () => {
    const problems = await problemsOf(
      runLoopTest(async () => {
        createTask(() => sleep(1000));
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^1 task still pending/), "1 timer still armed on the loop"]);
  });
});

describe("loopTest registers vitest tests", () => {
  loopTest("a clean loop test passes", async ({ clock, loop }) => {
    await sleep(5000);
    expect(clock.now()).toBe(5000);
    expect(loop.time()).toBe(5000);
  });

  loopTest.fails("a leaked task fails the test", async () => {
    createTask(() => sleep(1000));
  });

  loopTest.fails(
    "a leaked timer fails the test",
    async () => {
      getRunningLoop().callLater(100, () => {});
    },
    { timeout: 2000 },
  );

  loopTest.fails("an unretrieved exception fails the test", async () => {
    createTask(async () => {
      throw new Error("never looked at");
    });
    await sleep(1);
  });

  loopTest(
    "fakeGlobals in a loop test",
    async ({ loop }) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(loop.time()).toBe(700);
      expect(Date.now()).toBe(700);
    },
    { fakeGlobals: true },
  );
});
