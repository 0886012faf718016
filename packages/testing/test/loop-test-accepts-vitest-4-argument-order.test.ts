import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { loopTest } from "../src/vitest.js";

// vitest 4 takes `test(name, options, fn)`; loopTest takes that order as well as its own
// `(name, fn, options)`, and applies the options either way. Each test below would fail without
// its options: a timer left armed fails a loop test unless `checkTimers: false`.
describe("loopTest(name, options, fn), vitest 4's argument order", () => {
  loopTest("applies options given before the body", { checkTimers: false }, async () => {
    getRunningLoop().callLater(100, () => {});
  });

  loopTest("applies options given after the body", async () => {
    getRunningLoop().callLater(100, () => {});
  }, { checkTimers: false });

  loopTest("hands the context to a body given after the options", { fakeGlobals: true, timeout: 5000 }, async ({ clock }) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(clock.now()).toBe(300);
  });

  loopTest.fails("still checks the loop in .fails with options first", { timeout: 5000 }, async () => {
    createTask(() => sleep(1000));
  });

  loopTest.skip("registers .skip with options first", { timeout: 5000 }, async () => {
    throw new Error("a skipped test must not run");
  });

  it("rejects a call without a body, naming both orders", () => {
    expect(() => loopTest("no body", { timeout: 5 } as never, { timeout: 5 } as never)).toThrow(
      /pass the test body as a function, either loopTest\(name, fn, options\?\) or loopTest\(name, options, fn\)/,
    );
    expect(() => loopTest("bad options", 5 as never, async () => {})).toThrow(/options must be an object/);
  });
});
