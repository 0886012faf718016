import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("a task may catch CancelledError to clean up, then rethrow", () => {
  it("runs the catch (which may still await) and the finally, and ends cancelled", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const worker = createTask(async () => {
          try {
            await sleep(10_000);
          } catch (err) {
            log.push(`caught ${(err as Error).name} @${getRunningLoop().time()}`);
            // The request was delivered, so clean-up can await like any code.
            await sleep(25);
            log.push(`cleaned up @${getRunningLoop().time()}`);
            throw err;
          } finally {
            log.push("finally");
          }
        });
        await sleep(100);
        worker.cancel();
        try {
          await worker;
        } catch (err) {
          log.push(`awaiter got ${(err as Error).name}`);
        }
        expect(worker.cancelled()).toBe(true);
        expect(worker.cancelling()).toBe(1);
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["caught CancelledError @100", "cleaned up @125", "finally", "awaiter got CancelledError"]);
  });

  it("finally runs even when the body does not catch", async () => {
    const log: string[] = [];
    await run(async () => {
      const worker = createTask(async () => {
        try {
          await sleep(10_000);
        } finally {
          log.push("finally");
        }
      });
      await sleep(0);
      await sleep(0);
      worker.cancel();
      await expect(worker).rejects.toBeInstanceOf(CancelledError);
    });
    expect(log).toEqual(["finally"]);
  });

  it("a task that swallows the CancelledError and returns keeps its result", async () => {
    // As in asyncio: once delivered, the request is the body's to handle; not rethrowing is allowed.
    await run(async () => {
      const stubborn = createTask(async () => {
        try {
          await sleep(10_000);
        } catch {
          return "ignored the cancel";
        }
        return "slept";
      });
      await sleep(0);
      await sleep(0);
      stubborn.cancel();
      await expect(stubborn).resolves.toBe("ignored the cancel");
      expect(stubborn.cancelled()).toBe(false);
      expect(stubborn.cancelling()).toBe(1);
    });
  });
});
