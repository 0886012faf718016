import { type Future, getRunningLoop } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createTask, gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("gather resolves with results in the order given", () => {
  it("whatever order they finish in, for functions, tasks, futures and promises alike", async () => {
    const finished: string[] = [];
    const results = await run(async () => {
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>();
      loop.callLater(10, () => {
        finished.push("future");
        fut.setResult(4);
      });
      const task = createTask(async () => {
        await sleep(20);
        finished.push("task");
        return "three";
      });
      const promise = (async () => {
        await sleep(5);
        finished.push("promise");
        return true;
      })();
      const out = await gather(
        async () => {
          await sleep(30);
          finished.push("function");
          return 1;
        },
        () => "sync value",
        task,
        fut,
        promise,
      );
      expectTypeOf(out).toEqualTypeOf<[number, string, string, number, boolean]>();
      return out;
    }, virtual());
    expect(finished).toEqual(["promise", "future", "task", "function"]);
    expect(results).toEqual([1, "sync value", "three", 4, true]);
  });

  it("with one array (or any iterable), typed as a tuple for a literal array", async () => {
    await run(async () => {
      const tuple = await gather([() => 1, async () => "two"] as const);
      expectTypeOf(tuple).toEqualTypeOf<[number, string]>();
      expect(tuple).toEqual([1, "two"]);

      const fns: Array<() => Promise<number>> = [3, 1, 2].map((n) => async () => {
        await sleep(n);
        return n * 10;
      });
      const list = await gather(fns);
      expectTypeOf(list).toEqualTypeOf<number[]>();
      expect(list).toEqual([30, 10, 20]);

      const fromSet = await gather(new Set([() => "a", () => "b"]));
      expect(fromSet).toEqual(["a", "b"]);

      function* generate(): Generator<() => number> {
        for (let i = 0; i < 3; i++) yield () => i;
      }
      expect(await gather(generate())).toEqual([0, 1, 2]);
    }, virtual());
  });

  it("the same future twice gives its result twice; an empty gather gives []", async () => {
    await run(async () => {
      const t = createTask(async () => "once");
      expect(await gather(t, t)).toEqual(["once", "once"]);
      expect(await gather()).toEqual([]);
      expect(await gather([])).toEqual([]);
    }, virtual());
  });

  it("returns a Future: cancellable, and usable as a plain awaitable elsewhere", async () => {
    await run(async () => {
      const g: Future<[number]> = gather(() => 1);
      expect(g.done()).toBe(false);
      await sleep(0);
      await sleep(0);
      expect(await g).toEqual([1]);
      expect(g.result()).toEqual([1]);
    }, virtual());
  });

  it("functions become child tasks that start on a later iteration, in order", async () => {
    await run(async () => {
      const started: number[] = [];
      const g = gather(
        () => started.push(1),
        () => started.push(2),
      );
      expect(started).toEqual([]);
      await g;
      expect(started).toEqual([1, 2]);
    }, virtual());
  });
});
