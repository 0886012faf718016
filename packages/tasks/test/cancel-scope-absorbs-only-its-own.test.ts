import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { CancelScope, createTask, currentTask, run, sleep, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("CancelScope absorbs only its own cancellation", () => {
  it("a task.cancel() inside a scope passes through it, even when the scope was cancelled too", async () => {
    await run(async () => {
      const worker = createTask(async () => {
        const scope = new CancelScope();
        try {
          await scope.run(async () => {
            await sleep(1000);
          });
        } finally {
          expect(scope.cancelledCaught).toBe(false);
        }
        return "went on";
      });
      await sleep(10);
      worker.cancel("from outside");
      const error = await worker.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect(worker.cancelled()).toBe(true);

      const both = createTask(async (task) => {
        const scope = new CancelScope();
        await scope.run(async (s) => {
          getRunningLoop().callLater(5, () => {
            s.cancel("mine");
            task.cancel("theirs");
          });
          await sleep(1000);
        });
        return "went on";
      });
      await both.then(
        () => undefined,
        () => undefined,
      );
      expect(both.cancelled()).toBe(true);
    }, virtual());
  });

  it("an outer scope's cancellation passes through an inner scope that was not cancelled", async () => {
    await run(async () => {
      const log: string[] = [];
      const outer = new CancelScope();
      const inner = new CancelScope();
      inner.cancel(); // a scope cancelled and left before the next one opens
      await inner[Symbol.asyncDispose]();
      await outer.run(async () => {
        const nested = new CancelScope();
        await nested
          .run(async () => {
            outer.cancel("outer");
            await sleep(10);
          })
          .catch((err: unknown) => {
            log.push(`through inner: ${(err as Error).message}`);
            throw err;
          });
        log.push("not reached");
      });
      expect(log).toEqual(["through inner: outer"]);
      expect(outer.cancelledCaught).toBe(true);
    }, virtual());
  });

  it("a timeout() around a scope still gets its TimeoutError; a timeout inside a cancelled scope is the scope's to absorb", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const scope = new CancelScope();
      const error = await timeout(20, () => scope.run(() => sleep(1000))).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(scope.cancelledCaught).toBe(false);
      expect(loop.time()).toBe(20);

      const outer = new CancelScope();
      const value = await outer.run(async (s) => {
        loop.callLater(5, () => s.cancel());
        await timeout(100, () => sleep(1000));
        return "no";
      });
      expect(value).toBeUndefined();
      expect(outer.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(25);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });
});
