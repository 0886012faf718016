import { getRunningLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/tasks";
import { runVirtual } from "@tsio/testing";
import { afterEach, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

it("an exception handler that throws: both errors go to stderr, nothing escapes, and the tasks finish", async () => {
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    uncaught.push(err);
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
  let handlerCalls = 0;
  try {
    const result = await runVirtual(async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler(() => {
        handlerCalls++;
        throw new Error("the handler itself failed");
      });
      const sibling = createTask(async () => {
        await sleep(10);
        return "sibling result";
      });
      loop.callSoon(() => {
        throw new RangeError("callback failure");
      });
      // Fails and is never awaited: reported when run() ends, through the same broken handler.
      createTask(async () => {
        await sleep(1);
        throw new Error("nobody retrieves this");
      });
      await sleep(20);
      return sibling;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await result).toBe("sibling result");
  } finally {
    process.removeListener("uncaughtException", onUncaught);
    process.removeListener("unhandledRejection", onUncaught);
  }
  expect(uncaught).toEqual([]);
  expect(handlerCalls).toBe(2);
  const text = printed.join("\n");
  expect(printed.filter((line) => line.startsWith("Unhandled error in the exception handler"))).toHaveLength(2);
  expect(text).toContain("the handler itself failed");
  expect(text).toContain("RangeError: callback failure");
  expect(text).toContain("Task exception was never retrieved");
  expect(text).toContain("nobody retrieves this");
});
