import { type CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { CancelScope, createTask, run, sleep, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("a shielded CancelScope holds cancellation from outside until it exits", () => {
  it("task.cancel() does not interrupt it; the request lands at the first await after the exit, and task.signal aborts only then", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const worker = createTask(async (task) => {
        const signal = task.signal;
        await new CancelScope({ shield: true }).run(async () => {
          await sleep(100);
          log.push(`shielded work done at ${loop.time()}, signal aborted: ${signal.aborted}`);
        });
        log.push(`after the scope, signal aborted: ${task.signal.aborted}`);
        try {
          await sleep(1);
        } catch (err) {
          log.push(`first await after: ${(err as Error).message}`);
          throw err;
        }
      });
      await sleep(10);
      expect(worker.cancel("stop")).toBe(true);
      expect(worker.cancelling()).toBe(1);
      await worker.then(
        () => undefined,
        () => undefined,
      );
      expect(worker.cancelled()).toBe(true);
      expect(log).toEqual([
        "shielded work done at 100, signal aborted: false",
        "after the scope, signal aborted: true",
        "first await after: stop",
      ]);
    }, virtual());
  });

  it("an enclosing cancelled scope does not reach into it; the enclosing scope absorbs after it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const outer = new CancelScope({ deadline: 10 });
      await outer.run(async () => {
        await new CancelScope({ shield: true }).run(async () => {
          await sleep(50);
          log.push(`shielded at ${loop.time()}`);
        });
        await sleep(50);
        log.push("not reached");
      });
      expect(log).toEqual(["shielded at 50"]);
      expect(outer.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(50);
    }, virtual());
  });

  it("an outer timeout() waits too, and still turns into TimeoutError after the shield", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const error = await timeout(10, async () => {
        await new CancelScope({ shield: true }).run(() => sleep(40));
        await sleep(1000);
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBe(40);
    }, virtual());
  });

  it("its own deadline and cancel() still apply inside it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const scope = new CancelScope({ shield: true, deadline: 30 });
      await scope.run(() => sleep(1000));
      expect(scope.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(30);
    }, virtual());
  });

  it("shield is settable: turning it off delivers what it held at once; turning it on holds later requests", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const worker = createTask(async (task) => {
        const scope = new CancelScope();
        await scope.run(async (s) => {
          s.shield = true;
          await sleep(20);
          log.push(`held at ${loop.time()}: cancelling=${task.cancelling()}`);
          loop.callLater(10, () => {
            s.shield = false;
          });
          try {
            await sleep(1000);
          } catch (err) {
            log.push(`unshielded at ${loop.time()}: ${(err as CancelledError).message}`);
            throw err;
          }
        });
      });
      await sleep(5);
      worker.cancel("outside");
      await worker.then(
        () => undefined,
        () => undefined,
      );
      expect(worker.cancelled()).toBe(true);
      expect(log).toEqual(["held at 20: cancelling=1", "unshielded at 30: outside"]);
    }, virtual());
  });

  it("uncancel() withdraws a held request: nothing lands after the exit", async () => {
    await run(async (task) => {
      await new CancelScope({ shield: true }).run(async () => {
        task.cancel();
        await sleep(5);
        expect(task.uncancel()).toBe(0);
      });
      await sleep(5);
      expect(getRunningLoop().time()).toBe(10);
    }, virtual());
  });
});
