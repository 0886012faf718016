import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, gather, run, sleep, waitFor } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A task cancelled while it runs synchronously, that then awaits a call which starts a child. */
async function cancelThenAwait(start: (child: () => Promise<void>) => PromiseLike<unknown>): Promise<boolean> {
  let childFinished = false;
  const child = async () => {
    await sleep(50);
    childFinished = true;
  };
  await run(
    async () => {
      const parent = createTask(async () => {
        currentTask()!.cancel(); // pending: the task is running, not awaiting anything
        await start(child);
      });
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      await sleep(100);
    },
    { clock: new VirtualClock() },
  );
  return childFinished;
}

describe("a cancellation pending when the task awaits", () => {
  it("cancels the child waitFor just started, instead of leaving it running", async () => {
    expect(await cancelThenAwait((child) => waitFor(child, 1000))).toBe(false);
  });

  it("cancels the child gather just started", async () => {
    expect(await cancelThenAwait((child) => gather(child))).toBe(false);
  });

  it("still throws at once when the awaited future is already done", async () => {
    const seen: string[] = [];
    await run(async () => {
      const t = createTask(async () => {
        const done = sleep(0);
        await sleep(1);
        currentTask()!.cancel();
        try {
          await done;
        } catch (err) {
          seen.push((err as Error).name);
          throw err;
        }
      });
      await expect(t).rejects.toBeInstanceOf(CancelledError);
    });
    expect(seen).toEqual(["CancelledError"]);
  });
});
