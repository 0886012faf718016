import { CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A promise tsio knows nothing about, settled by hand. */
function foreign<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("cancelling a task that awaits a foreign promise", () => {
  it("aborts task.signal at once; CancelledError arrives at the next tsio await", async () => {
    const log: string[] = [];
    const gate = foreign<string>();
    let abortedInsideCancel = false;
    let reason: unknown;

    await run(
      async () => {
        const worker = createTask(async () => {
          const signal = currentTask()!.signal;
          signal.addEventListener("abort", () => {
            reason = signal.reason;
            log.push("signal aborted");
          });
          const value = await gate.promise;
          log.push(`foreign settled: ${value}`);
          try {
            await sleep(1000);
            log.push("slept (wrong)");
          } catch (err) {
            log.push(`next tsio await threw ${(err as Error).name}`);
            throw err;
          }
        });
        await sleep(0);
        await sleep(0);
        log.push("cancelling");
        worker.cancel("stop");
        abortedInsideCancel = worker.signal.aborted;
        log.push("cancel returned");
        // The foreign promise cannot be cancelled: the task still waits for it.
        await sleep(50);
        expect(worker.done()).toBe(false);
        gate.resolve("late");
        await expect(worker).rejects.toThrow(CancelledError);
        expect(worker.cancelled()).toBe(true);
        log.push(`done @${getRunningLoop().time()}`);
      },
      { clock: new VirtualClock() },
    );

    expect(abortedInsideCancel).toBe(true);
    expect(reason).toBeInstanceOf(CancelledError);
    expect(log).toEqual([
      "cancelling",
      "signal aborted",
      "cancel returned",
      "foreign settled: late",
      "next tsio await threw CancelledError",
      "done @50",
    ]);
  });

  it("a body that returns normally with the request still pending ends cancelled", async () => {
    const gate = foreign<number>();
    let returned = false;
    await run(async () => {
      const worker = createTask(async () => {
        const n = await gate.promise;
        returned = true;
        return n * 2;
      });
      await sleep(0);
      await sleep(0);
      expect(worker.cancel()).toBe(true);
      gate.resolve(21);
      await expect(worker).rejects.toBeInstanceOf(CancelledError);
      expect(worker.cancelled()).toBe(true);
      expect(() => worker.result()).toThrow(CancelledError);
    });
    expect(returned).toBe(true);
  });

  it("a signal handed to foreign work really stops it", async () => {
    await run(async () => {
      const worker = createTask(async () => {
        const { signal } = currentTask()!;
        // A foreign operation that honours AbortSignal, like fetch or timers/promises.
        await new Promise<void>((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      });
      await sleep(0);
      await sleep(0);
      worker.cancel("shutting down");
      await expect(worker).rejects.toThrow("shutting down");
      expect(worker.cancelled()).toBe(true);
    });
  });
});
