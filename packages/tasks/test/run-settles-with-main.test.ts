import { CancelledError, EventLoop, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("run(main) settles like main", () => {
  it("resolves with main's result", async () => {
    const value = { answer: 42 };
    await expect(run(async () => value)).resolves.toBe(value);
  });

  it("accepts a synchronous main and resolves with its return value", async () => {
    await expect(run(() => "sync")).resolves.toBe("sync");
  });

  it("rejects with the very error main threw, after main's awaits", async () => {
    const boom = new RangeError("bad things");
    const clock = new VirtualClock();
    await expect(
      run(
        async () => {
          await sleep(300);
          throw boom;
        },
        { clock },
      ),
    ).rejects.toBe(boom);
    expect(clock.now()).toBe(300);
  });

  it("rejects with CancelledError when main is cancelled", async () => {
    await expect(
      run(async () => {
        currentTask()!.cancel("main gives up");
        await sleep(0);
      }),
    ).rejects.toThrow(CancelledError);
  });

  it("closes its loop once settled, whether main succeeded or failed", async () => {
    const ok = await run(async () => getRunningLoop());
    expect(ok).toBeInstanceOf(EventLoop);
    expect(ok.isClosed()).toBe(true);
    let failedLoop: EventLoop | null = null;
    await run(async () => {
      failedLoop = getRunningLoop();
      throw new Error("x");
    }).catch(() => {});
    expect((failedLoop as EventLoop | null)?.isClosed()).toBe(true);
  });

  it("each run uses a fresh loop", async () => {
    const first = await run(async () => getRunningLoop());
    const second = await run(async () => getRunningLoop());
    expect(second).not.toBe(first);
  });
});
