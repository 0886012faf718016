import { CancelledError, EventLoop, EventLoopError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, Runner, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("Runner: several run() calls on one loop, then close()", () => {
  it("runs each main on the same loop and keeps time and background tasks between runs", async () => {
    const clock = new VirtualClock();
    const runner = new Runner({ clock });
    const loop = runner.getLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    let background: Task<string> | null = null;
    const log: string[] = [];

    const first = await runner.run(async () => {
      expect(getRunningLoop()).toBe(loop);
      background = createTask(async () => {
        await sleep(150);
        log.push(`background done @${getRunningLoop().time()}`);
        return "bg";
      });
      await sleep(100);
      return "first";
    });
    expect(first).toBe("first");
    expect(loop.isRunning()).toBe(false);
    expect(loop.isClosed()).toBe(false);
    expect(background!.done()).toBe(false);

    const second = await runner.run(async () => {
      expect(getRunningLoop()).toBe(loop);
      // The background task from the first run carries on in this one.
      return `second+${await background!}`;
    });
    expect(second).toBe("second+bg");
    expect(log).toEqual(["background done @150"]);

    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("close() cancels what is still pending and is idempotent; run() after close() throws", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    let leftover: Task<unknown> | null = null;
    const finallyRan: string[] = [];
    await runner.run(async () => {
      leftover = createTask(async () => {
        try {
          await sleep(60_000);
        } finally {
          finallyRan.push("leftover");
        }
      });
      await sleep(0);
    });
    expect(leftover!.done()).toBe(false);
    await runner.close();
    await runner.close();
    expect(leftover!.cancelled()).toBe(true);
    expect(finallyRan).toEqual(["leftover"]);
    await expect(leftover as unknown as Promise<unknown>).rejects.toBeInstanceOf(CancelledError);
    expect(() => runner.run(async () => 1)).toThrow(EventLoopError);
    expect(() => runner.getLoop()).toThrow(/Runner is closed/);
  });

  it("a failing run() rejects without closing the runner", async () => {
    const runner = new Runner();
    const boom = new Error("first failed");
    await expect(
      runner.run(async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(runner.run(async () => "still usable")).resolves.toBe("still usable");
    await runner.close();
  });

  it("close() on a runner that never ran is harmless", async () => {
    const runner = new Runner();
    await runner.close();
    expect(() => runner.run(async () => 1)).toThrow(EventLoopError);
  });
});
