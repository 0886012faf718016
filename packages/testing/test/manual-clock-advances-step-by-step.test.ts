import { EventLoop, getRunningLoop } from "@tsio/loop";
import { createTask, Runner, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { getVirtualClock, runVirtual, VirtualClock } from "../src/index.js";

const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("a VirtualClock without autojump", () => {
  it("moves only through advance()/advanceTo(), firing each timer at its own time, in order", async () => {
    const clock = new VirtualClock({ autojump: false });
    const runner = new Runner({ clock });
    const log: string[] = [];
    const done = runner.run(async () => {
      const loop = getRunningLoop();
      createTask(async () => {
        await sleep(100);
        log.push(`a@${loop.time()}`);
        await sleep(100);
        log.push(`a@${loop.time()}`);
      });
      await sleep(150);
      log.push(`main@${loop.time()}`);
      await sleep(1000);
      return loop.time();
    });
    try {
      await clock.runUntilIdle();
      await realDelay(20);
      expect(clock.now()).toBe(0);
      expect(clock.nextDeadline()).toBe(100);

      await clock.advance(120);
      expect(clock.now()).toBe(120);
      expect(log).toEqual(["a@100"]);

      await clock.advanceTo(200);
      expect(log).toEqual(["a@100", "main@150", "a@200"]);
      expect(clock.nextDeadline()).toBe(1150);

      await clock.advance(950);
      expect(await done).toBe(1150);
    } finally {
      await runner.close();
    }
  });

  it("runUntilIdle() runs what is ready without moving time", async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new EventLoop({ clock });
    const log: string[] = [];
    loop.callSoon(() => {
      log.push("soon");
      loop.callSoon(() => log.push("sooner"));
      loop.callLater(10, () => log.push("later"));
    });
    const running = loop.runForever();
    await clock.runUntilIdle();
    expect(log).toEqual(["soon", "sooner"]);
    expect(clock.now()).toBe(0);
    await clock.advance(10);
    expect(log).toEqual(["soon", "sooner", "later"]);
    loop.stop();
    await running;
    loop.close();
  });

  it("advances a clock whose loop is not running by just moving time", async () => {
    const clock = new VirtualClock({ autojump: false });
    await clock.advance(42);
    await clock.advanceTo(100);
    expect(clock.now()).toBe(100);
    expect(clock.nextDeadline()).toBeNull();
  });
});

describe("advance() from a task of an auto-jumping loop", () => {
  it("moves time by exactly the amount asked, running what falls due", async () => {
    const seen = await runVirtual(async () => {
      const loop = getRunningLoop();
      const clock = getVirtualClock();
      const woke: number[] = [];
      const sleeper = createTask(async () => {
        await sleep(50);
        woke.push(loop.time());
      });
      await clock.advance(30);
      const first = { time: loop.time(), woke: [...woke] };
      await clock.advance(30);
      const second = { time: loop.time(), woke: [...woke] };
      await sleeper;
      return { first, second };
    });
    expect(seen).toEqual({ first: { time: 30, woke: [] }, second: { time: 60, woke: [50] } });
  });

  it("can be switched to manual and back at run time", async () => {
    const clock = new VirtualClock();
    const runner = new Runner({ clock });
    try {
      const done = runner.run(async () => {
        await sleep(100);
        clock.autojump = false;
        await sleep(100);
        return getRunningLoop().time();
      });
      await realDelay(20);
      expect(clock.now()).toBe(100);
      clock.autojump = true;
      expect(await done).toBe(200);
    } finally {
      await runner.close();
    }
  });
});
