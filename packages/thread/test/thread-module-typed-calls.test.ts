import { run } from "@tsio/tasks";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { ThreadError, ThreadPool, threadModule, transfer } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 2 });
afterAll(() => pool.close());

const workUrl = new URL("./fixtures/work.js", import.meta.url);
const work = threadModule<typeof import("./fixtures/work.js")>(workUrl, { executor: pool });

describe("threadModule", () => {
  it("runs a module export in the pool with its types", async () => {
    const [n, greeting, sum] = await run(async () => {
      const fibFuture = work.fib(20);
      expectTypeOf(fibFuture).resolves.toEqualTypeOf<number>();
      return [await fibFuture, await work.greet("tsio"), await work.total(new Float64Array([1.5, 2.5, 3]))];
    });
    expect(n).toBe(6765);
    expect(greeting).toMatch(/^hello tsio from thread \d+$/);
    expect(greeting).not.toMatch(/thread 0$/); // not the main thread
    expect(sum).toBe(7);
  });

  it("checks argument and result types with tsc", () => {
    expectTypeOf(work.fib).parameters.toEqualTypeOf<[number]>();
    expectTypeOf(work.filled).returns.resolves.toEqualTypeOf<Uint8Array>();
    const neverCalled = () => {
      // @ts-expect-error fib takes a number, not a string
      void work.fib("20");
      // @ts-expect-error fib takes exactly one argument
      void work.fib();
      // @ts-expect-error notAFunction is not a function export, so the proxy has no method for it
      void work.notAFunction;
    };
    expect(neverCalled).toBeTypeOf("function");
  });

  it("takes a transfer() argument and unwraps a transferred result", async () => {
    const values = new Float64Array([1, 2, 3, 4]);
    const [sum, bytes] = await run(async () => [await work.total(transfer(values)), await work.filled(4, 7)]);
    expect(sum).toBe(10);
    expect(values.byteLength).toBe(0);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([7, 7, 7, 7]);
  });

  it("explains a missing export and a module that does not load", async () => {
    const broken = threadModule<typeof import("./fixtures/throws-at-load.js")>(
      new URL("./fixtures/throws-at-load.js", import.meta.url),
      { executor: pool },
    );
    await run(async () => {
      const untyped = work as unknown as Record<string, () => PromiseLike<unknown>>;
      await expect(Promise.resolve(untyped.notAFunction!())).rejects.toThrow(/has no exported function "notAFunction"/);
      const failure = await Promise.resolve(broken.query()).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ThreadError);
      expect((failure as Error).message).toMatch(/Loading .*throws-at-load\.js in the worker thread failed: the database driver is not configured/);
      expect(await work.fib(10)).toBe(55);
    });
  });

  it("is not a thenable and refuses relative URLs", async () => {
    expect((work as unknown as { then?: unknown }).then).toBeUndefined();
    const same = await Promise.resolve(work);
    expect(same).toBe(work);
    expect(() => threadModule("./fixtures/work.js")).toThrow(/relative/);
    expect(() => threadModule(42 as unknown as string)).toThrow(TypeError);
  });

  it("takes per-call options through .with()", async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error("no longer needed"));
    await run(async () => {
      await expect(Promise.resolve(work.fib.with({ signal: ctrl.signal })(10))).rejects.toThrow("no longer needed");
      expect(await work.fib.with({})(10)).toBe(55);
    });
  });
});
