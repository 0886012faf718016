// Conformance: shield() cases of CPython's test_tasks.py (BaseTaskTests) and its gather classes
// (GatherTestsBase, FutureGatherTests, CoroutineGatherTests).
import { CancelledError, EventLoopError, type Future, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, gather, shield, Task } from "../../src/index.js";
import { newTestLoop, runBriefly, runVirtual, settle } from "./helpers.js";

describe("BaseTaskTests (shield)", () => {
  it("test_shield_result", async () => {
    const { loop } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    inner.setResult(42);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });

  it("test_shield_exception", async () => {
    const { loop } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    const exc = new Error("expected");
    inner.setException(exc);
    await runBriefly(loop);
    expect(outer.exception()).toBe(exc);
  });

  it("test_shield_cancel_inner", async () => {
    const { loop } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    inner.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
  });

  it("test_shield_cancel_outer", async () => {
    const { loop } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    expect(inner.cancelled()).toBe(false);
    // Nothing is left registered on the cancelled outer future.
    expect(outer.removeDoneCallback(() => {})).toBe(0);
  });

  it("test_shield_cancel_outer_result", async () => {
    const { loop, errors } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    inner.setResult(1);
    await runBriefly(loop);
    expect(errors).toEqual([]);
  });

  it("test_shield_cancel_outer_exception", async () => {
    // The outer side gave up, so nobody saw the inner failure: it must be reported, once.
    const { loop, errors } = newTestLoop();
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    inner.setException(new Error("foo"));
    await runBriefly(loop);
    expect(errors).toHaveLength(1);
  });

  it("test_shield_duplicate_log_once", async () => {
    const { loop, errors } = newTestLoop();
    const inner = loop.createFuture<number>();
    let outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    inner.setException(new Error("foo"));
    await runBriefly(loop);
    expect(errors).toHaveLength(1);
  });

  it("test_shield_shortcut", async () => {
    const { loop } = newTestLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(await loop.runUntilComplete(shield(fut))).toBe(42);
  });

  it("test_shield_effect", async () => {
    const { loop } = newTestLoop();
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const f = new Task(async () => {
      await shield(async () => {
        await waiter;
        proof += 1;
      });
      proof += 100;
    }, loop);
    await runBriefly(loop);
    f.cancel();
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError);
    waiter.setResult();
    await runBriefly(loop);
    expect(proof).toBe(1);
  });

  it("test_shield_gather", async () => {
    const { loop } = newTestLoop();
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const { parent, outer } = await loop.runUntilComplete(
      new Task(async () => {
        const parent = gather(child1, child2);
        return { parent, outer: shield(parent) };
      }, loop),
    );
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
    expect(parent.result()).toEqual([1, 2]);
  });

  it("test_gather_shield", async () => {
    const { loop } = newTestLoop();
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const inner1 = shield(child1);
    const inner2 = shield(child2);
    const { parent } = await loop.runUntilComplete(new Task(async () => ({ parent: gather(inner1, inner2) }), loop));
    await runBriefly(loop);
    parent.cancel();
    // This cancels inner1 and inner2, not child1 and child2.
    await runBriefly(loop);
    expect(parent.cancelled()).toBe(true);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(false);
    expect(child2.cancelled()).toBe(false);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
  });

  it("test_shield_coroutine_without_loop", () => {
    expect(() => shield(async () => 42)).toThrow(EventLoopError);
    expect(() => shield(async () => 42)).toThrow(/no running event loop/);
  });

  it("test_shield_coroutine_use_running_loop", async () => {
    const { loop } = newTestLoop();
    const { outer } = await loop.runUntilComplete(new Task(async () => ({ outer: shield(async () => 42) }), loop));
    expect(outer.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });
});

/**
 * GatherTestsBase runs in two classes: with futures passed as they are (FutureGatherTests) and
 * with coroutines awaiting them (CoroutineGatherTests, tsio: functions started as child tasks).
 */
type Wrap = (futures: Future<number>[]) => (Future<number> | (() => Promise<number>))[];
const asFutures: Wrap = (futures) => futures;
const asFunctions: Wrap = (futures) => futures.map((f) => async () => await f);

function gatherBase(wrap: Wrap, functions: boolean): void {
  /** Futures created on the loop, a gather of them, and a done-callback counter. */
  async function checkSuccess(returnExceptions?: boolean): Promise<void> {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [a, b, c] = [0, 1, 2].map(() => loop.createFuture<number>()) as [Future<number>, Future<number>, Future<number>];
      const items = wrap([a, b, c]);
      const fut = returnExceptions === undefined ? gather(items) : gather(items, { returnExceptions });
      let calls = 0;
      fut.addDoneCallback((f) => {
        calls++;
        expect(f).toBe(fut);
      });
      b.setResult(1);
      a.setResult(2);
      await settle();
      expect(calls).toBe(0);
      expect(fut.done()).toBe(false);
      c.setResult(3);
      await settle();
      expect(calls).toBe(1);
      expect(fut.result()).toEqual([2, 1, 3]);
    });
  }

  it("test_success", async () => {
    await checkSuccess();
    await checkSuccess(false);
  });

  it("test_result_exception_success", async () => {
    await checkSuccess(true);
  });

  it("test_one_exception", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => loop.createFuture<number>()) as Future<number>[];
      const items = wrap([a!, b!, c!, d!, e!]);
      const fut = gather(items);
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      const exc = new RangeError("ZeroDivisionError");
      a!.setResult(1);
      b!.setException(exc);
      await settle();
      expect(fut.done()).toBe(true);
      expect(calls).toBe(1);
      expect(fut.exception()).toBe(exc);
      if (functions) {
        // Differs (the seed's gather rule): the children gather started itself are cancelled
        // at once; CPython leaves them running.
        await settle();
        for (const child of [c!, d!, e!]) expect(child.cancelled()).toBe(true);
      } else {
        // Futures passed in are the caller's: left alone, and later outcomes change nothing.
        c!.setResult(3);
        d!.cancel();
        e!.setException(new Error("RuntimeError"));
        e!.exception();
        await settle();
        expect(fut.exception()).toBe(exc);
      }
    });
  });

  it("test_return_exceptions", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [a, b, c, d] = [0, 1, 2, 3].map(() => loop.createFuture<number>()) as Future<number>[];
      const fut = gather(wrap([a!, b!, c!, d!]), { returnExceptions: true });
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      const exc = new RangeError("ZeroDivisionError");
      const exc2 = new Error("RuntimeError");
      b!.setResult(1);
      c!.setException(exc);
      a!.setResult(3);
      await settle();
      expect(fut.done()).toBe(false);
      d!.setException(exc2);
      await settle();
      expect(fut.done()).toBe(true);
      expect(calls).toBe(1);
      expect(fut.result()).toEqual([3, 1, exc, exc2]);
    });
  });
}

describe("FutureGatherTests", () => {
  gatherBase(asFutures, false);

  it("test_constructor_empty_sequence_without_loop", () => {
    expect(() => gather()).toThrow(EventLoopError);
  });

  it("test_constructor_empty_sequence_use_running_loop", async () => {
    const { loop } = newTestLoop();
    const { fut } = await loop.runUntilComplete(new Task(async () => ({ fut: gather() }), loop));
    expect(fut.getLoop()).toBe(loop);
    await runBriefly(loop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  it("test_constructor_heterogenous_futures", async () => {
    // CPython's ValueError is an EventLoopError naming the stranger, at the call.
    const { loop: other } = newTestLoop();
    await runVirtual(async () => {
      const fut1 = getRunningLoop().createFuture();
      const fut2 = other.createFuture();
      expect(() => gather(fut1, fut2)).toThrow(EventLoopError);
      expect(() => gather(fut1, fut2)).toThrow(/different event loop/);
    });
  });

  it("test_constructor_homogenous_futures", async () => {
    // gather's future lives on the loop its children belong to (in tsio: the running one).
    const { loop: other } = newTestLoop();
    const children = [0, 1, 2].map(() => other.createFuture<number>());
    const { fut1, fut2 } = await other.runUntilComplete(
      new Task(async () => ({ fut1: gather(children), fut2: gather(children) }), other),
    );
    expect(fut1.getLoop()).toBe(other);
    expect(fut2.getLoop()).toBe(other);
    await runBriefly(other);
    expect(fut1.done()).toBe(false);
    expect(fut2.done()).toBe(false);
  });

  // asyncio documents that gather is then not cancelled but fails with the child's CancelledError.
  it("test_one_cancellation", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => loop.createFuture<number>()) as Future<number>[];
      const fut = gather(a!, b!, c!, d!, e!);
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      a!.setResult(1);
      b!.cancel();
      await settle();
      expect(fut.done()).toBe(true);
      expect(calls).toBe(1);
      // A cancelled child fails gather with CancelledError; gather itself was not cancelled.
      expect(fut.cancelled()).toBe(false);
      expect(fut.exception()).toBeInstanceOf(CancelledError);
      c!.setResult(3);
      d!.cancel();
      e!.setException(new Error("RuntimeError"));
      e!.exception();
    });
  });

  it("test_result_exception_one_cancellation", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(() => loop.createFuture<number>()) as Future<number>[];
      const fut = gather([a!, b!, c!, d!, e!, f!], { returnExceptions: true });
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      a!.setResult(1);
      const zde = new RangeError("ZeroDivisionError");
      b!.setException(zde);
      c!.cancel();
      await settle();
      expect(fut.done()).toBe(false);
      d!.setResult(3);
      e!.cancel();
      const rte = new Error("RuntimeError");
      f!.setException(rte);
      const res: unknown[] = await fut;
      expect(res[2]).toBeInstanceOf(CancelledError);
      expect(res[4]).toBeInstanceOf(CancelledError);
      expect([res[0], res[1], res[3], res[5]]).toEqual([1, zde, 3, rte]);
      expect(calls).toBe(1);
    });
  });
});

describe("CoroutineGatherTests", () => {
  gatherBase(asFunctions, true);

  it("test_constructor_without_loop", () => {
    expect(() => gather(async () => "abc", async () => "abc")).toThrow(EventLoopError);
  });

  it("test_constructor_use_running_loop", async () => {
    const { loop } = newTestLoop();
    const { fut } = await loop.runUntilComplete(
      new Task(async () => ({ fut: gather(async () => "abc", async () => "abc") }), loop),
    );
    expect(fut.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(fut)).toEqual(["abc", "abc"]);
  });

  it("test_duplicate_coroutines", async () => {
    // One coroutine object passed three times is, in tsio, one task passed three times.
    const result = await runVirtual(async () => {
      const c = createTask(async () => "abc");
      return await gather(c, c, createTask(async () => "def"), c);
    });
    expect(result).toEqual(["abc", "abc", "def", "abc"]);
  });

  it("test_cancellation_broadcast", async () => {
    const { loop } = newTestLoop();
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const inner = async () => {
      await waiter;
      proof += 1;
    };
    const child1 = new Task(inner, loop);
    const child2 = new Task(inner, loop);
    let gatherer: Future<unknown> | undefined;
    const f = new Task(async () => {
      gatherer = gather(child1, child2);
      await gatherer;
      proof += 100;
    }, loop);
    await runBriefly(loop);
    expect(f.cancel()).toBe(true);
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError);
    expect(gatherer?.cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    await runBriefly(loop);
    expect(proof).toBe(0);
  });

  it("test_exception_marking", async () => {
    // The first failure is gather's, and not reported as unretrieved. Differs (the seed's gather
    // rule): the sibling gather started is cancelled, and with it its await of b; in CPython it
    // runs on and fails too.
    const { loop, errors } = newTestLoop();
    const a = loop.createFuture<void>();
    const b = loop.createFuture<void>();
    const inner = (fut: Future<void>) => async () => {
      await fut;
      throw new Error("should not be ignored");
    };
    const f = new Task(async () => {
      await gather(inner(a), inner(b));
    }, loop);
    await runBriefly(loop);
    a.setResult();
    await runBriefly(loop);
    await runBriefly(loop);
    expect(f.exception()).toBeInstanceOf(Error);
    expect((f.exception() as Error).message).toBe("should not be ignored");
    expect(b.cancelled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("test_issue46672", async () => {
    // A bad item fails gather at the call, before anything starts, and nothing is reported.
    const { loop, errors } = newTestLoop();
    let started = false;
    await loop.runUntilComplete(
      new Task(async () => {
        const c = async () => {
          started = true;
          return "abc";
        };
        // A trailing plain object is gather's options in tsio, so the bad item goes in an array.
        expect(() => gather([c, {} as never])).toThrow(TypeError);
      }, loop),
    );
    await runBriefly(loop);
    expect(started).toBe(false);
    expect(errors).toEqual([]);
  });
});
