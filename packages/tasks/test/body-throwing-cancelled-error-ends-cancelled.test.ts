import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";

describe("a body that throws CancelledError itself", () => {
  it("ends the task cancelled (not failed), keeps the message, and is not reported as unretrieved", async () => {
    const reports: ExceptionContext[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
      const task = createTask(async () => {
        await sleep(1);
        throw new CancelledError("gave up");
      });
      const unawaited = createTask(async () => {
        throw new CancelledError("nobody looks at this one");
      });
      await expect(task).rejects.toThrow("gave up");
      expect(task.cancelled()).toBe(true);
      expect(() => task.exception()).toThrow(CancelledError);
      await sleep(5);
      expect(unawaited.cancelled()).toBe(true);
    });
    expect(reports).toEqual([]);
  });

  it("a synchronous body throwing CancelledError ends cancelled as well", async () => {
    await run(async () => {
      const task = createTask(() => {
        throw new CancelledError();
      });
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });
});
