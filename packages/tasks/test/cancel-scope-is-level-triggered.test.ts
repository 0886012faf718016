import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { CancelScope, createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

/** Awaits `aw` (a real await: `.catch()` chains on and is no cancellation point) and logs its error. */
async function caught(aw: PromiseLike<unknown>, log: string[]): Promise<void> {
  try {
    await aw;
  } catch (err) {
    log.push((err as Error).message);
  }
}

describe("CancelScope: cancellation is level-triggered and the scope absorbs its own", () => {
  it("once cancelled, every tsio await inside raises CancelledError until the scope exits; then the task goes on", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const scope = new CancelScope();
      createTask(async () => {
        await sleep(10);
        scope.cancel("stop now");
      });
      const value = await scope.run(async () => {
        try {
          await sleep(1000);
        } catch (err) {
          log.push(`first: ${(err as Error).message} at ${loop.time()}`);
        }
        // Caught and not re-thrown: the next await raises again, and so does a clean-up's.
        for (let i = 0; i < 3; i++) {
          try {
            await sleep(5);
            log.push("slept");
          } catch (err) {
            log.push(`again: ${(err as CancelledError).name}`);
          }
        }
        return "unreachable value";
      });
      expect(log).toEqual(["first: stop now at 10", "again: CancelledError", "again: CancelledError", "again: CancelledError"]);
      // The body returned normally after catching: its value stands; nothing was absorbed.
      expect(value).toBe("unreachable value");
      expect(scope.cancelCalled).toBe(true);
      expect(scope.cancelledCaught).toBe(false);
      await sleep(5);
      expect(loop.time()).toBe(15);
      expect(currentTask()!.cancelling()).toBe(0);
    }, virtual());
  });

  it("absorbs its own CancelledError on exit: run() resolves undefined, cancelledCaught is true", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const scope = new CancelScope();
      const value = await scope.run(async (s) => {
        expect(s).toBe(scope);
        loop.callLater(20, () => s.cancel());
        await sleep(100);
        return "late";
      });
      expect(value).toBeUndefined();
      expect(scope.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(20);
    }, virtual());
  });

  it("cancel() before the first await: that await raises (a done future raises too)", async () => {
    await run(async () => {
      const scope = new CancelScope();
      const log: string[] = [];
      await scope.run(async (s) => {
        s.cancel();
        try {
          await Promise.resolve(); // a foreign promise: no cancellation point
          log.push("foreign await passes");
          const done = getRunningLoop().createFuture<number>();
          done.setResult(1);
          await done;
        } catch (err) {
          log.push((err as Error).name);
          throw err;
        }
      });
      expect(log).toEqual(["foreign await passes", "CancelledError"]);
      expect(scope.cancelledCaught).toBe(true);
    }, virtual());
  });

  it("the deadline (loop time) cancels the scope; setting it while running re-arms the timer", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const scope = new CancelScope({ deadline: 50 });
      expect(scope.deadline).toBe(50);
      await scope.run(async (s) => {
        await sleep(10);
        s.deadline = 200; // later
        await sleep(100);
        expect(loop.time()).toBe(110);
        s.deadline = 150; // earlier again
        await sleep(1000);
      });
      expect(loop.time()).toBe(150);
      expect(scope.cancelledCaught).toBe(true);

      const never = new CancelScope({ deadline: loop.time() + 10 });
      await never.run(async (s) => {
        s.deadline = Number.POSITIVE_INFINITY; // no deadline after all
        await sleep(30);
      });
      expect(never.cancelCalled).toBe(false);
      expect(loop.time()).toBe(180);
    }, virtual());
  });

  it("a deadline already passed cancels at once: the first await raises", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      await sleep(10);
      const scope = new CancelScope({ deadline: 5 });
      expect(scope.cancelCalled).toBe(true);
      await scope.run(() => sleep(100));
      expect(scope.cancelledCaught).toBe(true);
      expect(loop.time()).toBe(10);
    }, virtual());
  });

  it("signal aborts when the scope is cancelled, with a CancelledError carrying the reason", async () => {
    await run(async () => {
      const scope = new CancelScope();
      const reasons: unknown[] = [];
      await scope.run(async (s) => {
        s.signal.addEventListener("abort", () => reasons.push(s.signal.reason));
        expect(s.signal.aborted).toBe(false);
        getRunningLoop().callLater(5, () => s.cancel("user pressed stop"));
        await sleep(10);
      });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(CancelledError);
      expect((reasons[0] as Error).message).toBe("user pressed stop");
      // Read after the fact, it is aborted already.
      const late = new CancelScope();
      late.cancel("x");
      expect(late.signal.aborted).toBe(true);
      await late[Symbol.asyncDispose]();
    }, virtual());
  });

  it("await using exits at the end of the block; the scope's own CancelledError goes on past it (a disposer cannot swallow it)", async () => {
    await run(async () => {
      const log: string[] = [];
      const inner = async (): Promise<void> => {
        await using scope = new CancelScope();
        getRunningLoop().callLater(5, () => scope.cancel("cut"));
        await sleep(100);
      };
      const error = await inner().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CancelledError);
      log.push("after");
      // The scope exited: awaits outside it no longer raise.
      await sleep(1);
      expect(log).toEqual(["after"]);
      expect(currentTask()!._extra?.scopes ?? null).toBeNull();
    }, virtual());
  });

  it("an inner scope's cancellation stays inside it; an outer cancelled scope raises again after the inner one exits", async () => {
    await run(async () => {
      const log: string[] = [];
      const outer = new CancelScope();
      await outer.run(async () => {
        const inner = new CancelScope();
        await inner.run(async () => {
          outer.cancel("outer");
          inner.cancel("inner");
          await caught(sleep(10), log);
          await sleep(10);
        });
        log.push(`inner caught: ${inner.cancelledCaught}`);
        await caught(sleep(10), log);
        await sleep(10);
      });
      expect(log).toEqual(["inner", "inner caught: true", "outer"]);
      expect(outer.cancelledCaught).toBe(true);
    }, virtual());
  });
});
