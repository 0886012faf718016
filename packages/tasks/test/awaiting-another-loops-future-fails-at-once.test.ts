import { EventLoop, EventLoopError, type Future } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, getRunningLoop, Runner, run, shield, sleep, type Task, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** What awaiting `fut` inside a run() on another loop gives: the error, or "settled"/"hung". */
async function awaitFromAnotherLoop(await_: () => PromiseLike<unknown>): Promise<unknown> {
  return run(
    async () => {
      try {
        await await_();
        return "settled";
      } catch (err) {
        return err;
      }
    },
    { clock: new VirtualClock() },
  );
}

const foreign = /belongs to another event loop .*not the running one/;

describe("awaiting a future of another loop fails at once, never hangs", () => {
  it("a future of an idle loop: plain await", async () => {
    const idle = new EventLoop();
    const fut = idle.createFuture<number>();
    const err = await awaitFromAnotherLoop(async () => await fut);
    expect(err).toBeInstanceOf(EventLoopError);
    expect(String((err as Error).message)).toMatch(foreign);
    expect(String((err as Error).message)).toMatch(/Create it .*on the running loop/);
    idle.close();
  });

  it("a task of a Runner between runs, awaited from another loop", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    let left!: Task<string>;
    await runner.run(async () => {
      left = createTask(async () => {
        await sleep(10);
        return "late";
      });
    });
    const err = await awaitFromAnotherLoop(async () => await left);
    expect(err).toBeInstanceOf(EventLoopError);
    await runner.close();
  });

  it("a done future of a closed loop, awaited from another loop", async () => {
    const closed = new EventLoop();
    const fut = closed.createFuture<number>();
    fut.setResult(1);
    closed.close();
    const err = await awaitFromAnotherLoop(async () => await fut);
    expect(err).toBeInstanceOf(EventLoopError);
  });

  it("through shield(f): the error comes at the await, not a hang", async () => {
    const idle = new EventLoop();
    const fut = idle.createFuture<number>();
    const err = await awaitFromAnotherLoop(async () => await shield(fut));
    expect(err).toBeInstanceOf(EventLoopError);
    idle.close();
  });

  it("inside timeout(100, ...): fails at once, before the deadline", async () => {
    const idle = new EventLoop();
    const fut: Future<number> = idle.createFuture<number>();
    let at = -1;
    const err = await run(
      async () => {
        try {
          await timeout(100, async () => await fut);
        } catch (e) {
          at = getRunningLoop().time();
          return e;
        }
      },
      { clock: new VirtualClock() },
    );
    expect(err).toBeInstanceOf(EventLoopError);
    expect(at).toBe(0);
    idle.close();
  });

  it("a done task of a Runner between runs settles when awaited from plain code", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    let done!: Task<string>;
    await runner.run(async () => {
      done = createTask(async () => "ok");
      await done;
    });
    expect(await done).toBe("ok");
    await runner.close();
  });

  it("a task's own-loop await is untouched", async () => {
    expect(await run(async () => await createTask(async () => 5), { clock: new VirtualClock() })).toBe(5);
  });
});
