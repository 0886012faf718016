// Conformance: wait(), asCompleted() and sleep() cases of CPython's
// Lib/test/test_asyncio/test_tasks.py (BaseTaskTests), on virtual time (ms, not s).
import { EventLoopError, type Future, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  asCompleted,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  sleep,
  Task,
  wait,
} from "../../src/index.js";
import { newTestLoop, runVirtual } from "./helpers.js";

describe("BaseTaskTests (wait)", () => {
  it("test_wait", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100), loop);
    const b = new Task(() => sleep(150), loop);
    const foo = async () => {
      const { done, pending } = await wait([b, a]);
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
      return 42;
    };
    expect(await loop.runUntilComplete(new Task(foo, loop))).toBe(42);
    expect(loop.time()).toBe(150);
    // Again, with everything already done: no time passes.
    expect(await loop.runUntilComplete(new Task(foo, loop))).toBe(42);
    expect(loop.time()).toBe(150);
  });

  it("test_wait_duplicate_coroutines", async () => {
    const { loop } = newTestLoop();
    const c = new Task(async () => "test", loop);
    const spam = new Task(async () => "spam", loop);
    const { done, pending } = await loop.runUntilComplete(new Task(() => wait([c, c, spam]), loop));
    expect(pending.size).toBe(0);
    expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(["test", "spam"]));
  });

  it("test_wait_errors", async () => {
    // CPython's ValueError is a RangeError (empty input) / TypeError (bad mode) here, at the call.
    await runVirtual(async () => {
      expect(() => wait(new Set<Task<void>>())).toThrow(RangeError);
      expect(() => wait([() => sleep(10_000)], { returnWhen: -1 as unknown as ReturnWhen })).toThrow(TypeError);
    });
  });

  it("test_wait_first_completed", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(10_000), loop);
    const b = new Task(() => sleep(100), loop);
    const { done, pending } = await loop.runUntilComplete(
      new Task(() => wait([b, a], { returnWhen: FIRST_COMPLETED }), loop),
    );
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(a.done()).toBe(false);
    expect(b.done()).toBe(true);
    expect(b.result()).toBeUndefined();
    expect(loop.time()).toBe(100);
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
    expect(loop.time()).toBe(10_000);
  });

  it("test_wait_really_done", async () => {
    // Both finish in the same turn: the one that finished first does not hide the other.
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(0), loop);
    const b = new Task(async () => {
      await sleep(0);
      await sleep(0);
    }, loop);
    const { done } = await loop.runUntilComplete(new Task(() => wait([b, a], { returnWhen: FIRST_COMPLETED }), loop));
    expect(done).toEqual(new Set([a, b]));
    expect(a.result()).toBeUndefined();
    expect(b.result()).toBeUndefined();
  });

  it("test_wait_first_exception", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(10_000), loop);
    const b = new Task(async () => {
      throw new RangeError("err");
    }, loop);
    const { done, pending } = await loop.runUntilComplete(
      new Task(() => wait([b, a], { returnWhen: FIRST_EXCEPTION }), loop),
    );
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(loop.time()).toBe(0);
    expect(b.exception()).toBeInstanceOf(RangeError);
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
  });

  it("test_wait_first_exception_in_wait", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(10_000), loop);
    const b = new Task(async () => {
      await sleep(10);
      throw new RangeError("err");
    }, loop);
    const { done, pending } = await loop.runUntilComplete(
      new Task(() => wait([b, a], { returnWhen: FIRST_EXCEPTION }), loop),
    );
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(loop.time()).toBe(10);
    expect(b.exception()).toBeInstanceOf(RangeError);
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
  });

  it("test_wait_with_exception", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100), loop);
    const b = new Task(async () => {
      await sleep(150);
      throw new RangeError("really");
    }, loop);
    const foo = async () => {
      const { done, pending } = await wait([b, a]);
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      expect([...done].filter((f) => f.exception() !== undefined)).toHaveLength(1);
    };
    await loop.runUntilComplete(new Task(foo, loop));
    expect(loop.time()).toBe(150);
    await loop.runUntilComplete(new Task(foo, loop));
    expect(loop.time()).toBe(150);
  });

  it("test_wait_with_timeout", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100), loop);
    const b = new Task(() => sleep(150), loop);
    await loop.runUntilComplete(
      new Task(async () => {
        const { done, pending } = await wait([b, a], { timeout: 110 });
        expect(done).toEqual(new Set([a]));
        expect(pending).toEqual(new Set([b]));
      }, loop),
    );
    expect(loop.time()).toBe(110);
    // wait() cancels nothing on timeout: b runs to its end.
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
    expect(b.cancelled()).toBe(false);
    expect(loop.time()).toBe(150);
  });

  it("test_wait_concurrent_complete", async () => {
    // The timeout and a's sleep fall due at the same instant: a counts as done.
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100), loop);
    const b = new Task(() => sleep(150), loop);
    const { done, pending } = await loop.runUntilComplete(new Task(() => wait([b, a], { timeout: 100 }), loop));
    expect(done).toEqual(new Set([a]));
    expect(pending).toEqual(new Set([b]));
    expect(loop.time()).toBe(100);
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
  });

  it("test_wait_with_iterator_of_tasks", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100), loop);
    const b = new Task(() => sleep(150), loop);
    const res = await loop.runUntilComplete(
      new Task(async () => {
        const { done, pending } = await wait([b, a][Symbol.iterator]());
        expect(done).toEqual(new Set([a, b]));
        expect(pending.size).toBe(0);
        return 42;
      }, loop),
    );
    expect(res).toBe(42);
    expect(loop.time()).toBe(150);
  });

  it("test_wait_generator", async () => {
    await runVirtual(async () => {
      function* tasks() {
        for (let i = 0; i < 10; i++) yield createTask(async () => i);
      }
      const { done, pending } = await wait(tasks(), { returnWhen: ALL_COMPLETED });
      expect(done.size).toBe(10);
      expect(pending.size).toBe(0);
    });
  });

  it("test_wait_invalid_args", async () => {
    await runVirtual(async () => {
      const fut = createTask(() => sleep(0));
      // One future is not a collection of them (nor is a function).
      expect(() => wait(fut as never)).toThrow(TypeError);
      expect(() => wait((async () => {}) as never)).toThrow(TypeError);
      // At least one awaitable.
      expect(() => wait([])).toThrow(RangeError);
      await fut;
    });
  });
});

describe("BaseTaskTests (asCompleted)", () => {
  it("test_as_completed", async () => {
    const { loop } = newTestLoop();
    const sleeper = (ms: number, x: string) => async () => {
      await sleep(ms);
      return x;
    };
    const res = await loop.runUntilComplete(
      new Task(async () => {
        const values: string[] = [];
        for await (const v of asCompleted([sleeper(10, "b"), sleeper(150, "c"), sleeper(10, "a")])) values.push(v);
        return values;
      }, loop),
    );
    expect(loop.time()).toBe(150);
    expect(res.slice(0, 2)).toContain("a");
    expect(res.slice(0, 2)).toContain("b");
    expect(res[2]).toBe("c");
  });

  it("test_as_completed_same_tasks_in_as_out", async () => {
    // Differs (README: asCompleted yields results): asyncio 3.13 yields the tasks passed in;
    // tsio yields what they produced, for tasks and functions alike.
    await runVirtual(async () => {
      const b = createTask(async () => "b");
      const d = createTask(async () => "d");
      const out = new Set<unknown>();
      for await (const v of asCompleted([async () => "a", b, async () => "c", d])) out.add(v);
      expect(out).toEqual(new Set(["a", "b", "c", "d"]));
      expect(out.has(b)).toBe(false);
    });
  });

  it("test_as_completed_with_timeout", async () => {
    const { loop } = newTestLoop();
    const a = new Task(() => sleep(100, "a"), loop);
    const b = new Task(() => sleep(150, "b"), loop);
    const res = await loop.runUntilComplete(
      new Task(async () => {
        const values: [number, unknown][] = [];
        try {
          for await (const v of asCompleted([a, b], { timeout: 120 })) values.push([1, v]);
        } catch (err) {
          values.push([2, err]);
        }
        return values;
      }, loop),
    );
    expect(res).toHaveLength(2);
    expect(res[0]).toEqual([1, "a"]);
    expect(res[1]?.[0]).toBe(2);
    expect(res[1]?.[1]).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(120);
    // The task passed in was left running.
    await loop.runUntilComplete(new Task(() => wait([a, b]), loop));
    expect(b.result()).toBe("b");
  });

  it("test_as_completed_with_unused_timeout", async () => {
    const { loop } = newTestLoop();
    await loop.runUntilComplete(
      new Task(async () => {
        for await (const v of asCompleted([() => sleep(10, "a")], { timeout: 1000 })) expect(v).toBe("a");
      }, loop),
    );
    expect(loop.time()).toBe(10);
    // Nothing of the unused timeout is left behind.
    expect(loop.pendingWork().timers).toBe(0);
  });

  it("test_as_completed_resume_iterator", async () => {
    // Stepping the iterator by hand, then going on with for-await, yields the rest. Differs:
    // leaving a for-await with `break` closes a JavaScript iterator (and cancels what asCompleted
    // started), so "break, then loop again" cannot resume as CPython's does.
    const collected = await runVirtual(async () => {
      const iterator = asCompleted([0, 1, 2, 3].map((i) => async () => i));
      const got: number[] = [];
      for (let i = 0; i < 2; i++) {
        const step = await iterator.next();
        if (step.done !== true) got.push(step.value);
      }
      expect(got).toHaveLength(2);
      for await (const v of iterator) got.push(v);
      // After break the iterator is closed.
      const closed = asCompleted([async () => 0, async () => 1]);
      for await (const _ of closed) break;
      expect((await closed.next()).done).toBe(true);
      return got;
    });
    expect([...collected].sort()).toEqual([0, 1, 2, 3]);
  });

  it("test_as_completed_concurrent", async () => {
    // The async-iterator form: both results arrive; the futures-list form does not exist in tsio.
    const { loop } = newTestLoop();
    const got = await loop.runUntilComplete(
      new Task(async () => {
        const values: string[] = [];
        for await (const v of asCompleted([() => sleep(50, "a"), () => sleep(50, "b")])) values.push(v);
        return values;
      }, loop),
    );
    expect(new Set(got)).toEqual(new Set(["a", "b"]));
    expect(loop.time()).toBe(50);
  });

  it("test_as_completed_duplicate_coroutines", async () => {
    // One coroutine object passed twice is, in tsio, one task passed twice: it is awaited once.
    const result = await runVirtual(async () => {
      const c = createTask(async () => "ham");
      const values: string[] = [];
      for await (const v of asCompleted([c, c, createTask(async () => "spam")])) values.push(v);
      return values;
    });
    expect(new Set(result)).toEqual(new Set(["ham", "spam"]));
    expect(result).toHaveLength(2);
  });

  it("test_as_completed_coroutine_without_loop", () => {
    expect(() => asCompleted([async () => 42])).toThrow(EventLoopError);
    expect(() => asCompleted([async () => 42])).toThrow(/no running event loop/);
  });

  it("test_as_completed_coroutine_use_running_loop", async () => {
    const { loop } = newTestLoop();
    await loop.runUntilComplete(
      new Task(async () => {
        const values: number[] = [];
        for await (const v of asCompleted([async () => 42])) values.push(v);
        expect(values).toEqual([42]);
      }, loop),
    );
  });

  it("test_as_completed_invalid_args", async () => {
    await runVirtual(async () => {
      const fut: Future<void> = createTask(() => sleep(0));
      // A single future (or function) instead of a collection of them.
      expect(() => asCompleted(fut as never)).toThrow(TypeError);
      expect(() => asCompleted((async () => {}) as never)).toThrow(TypeError);
      await fut;
    });
  });
});

describe("BaseTaskTests (sleep)", () => {
  it("test_sleep", async () => {
    const { loop } = newTestLoop();
    const t = new Task(async () => {
      await sleep(50);
      return await sleep(50, "yeah");
    }, loop);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("yeah");
    expect(loop.time()).toBe(100);
  });

  it("test_sleep_when_delay_is_nan", async () => {
    // CPython's ValueError is tsio's RangeError, thrown at the call.
    const { loop } = newTestLoop();
    const t = new Task(() => sleep(Number.NaN), loop);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(RangeError);
  });
});
