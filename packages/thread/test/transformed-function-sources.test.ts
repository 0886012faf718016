import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

/** Builds a function from source exactly as a transform emitted it, bypassing this file's own transform. */
function emitted<F>(params: string[], body: string): F {
  return new Function(...params, body) as F;
}

describe("function sources as build tools emit them", () => {
  it("esbuild keepNames: __name(fn, 'x') calls inside the function work and keep the name", async () => {
    // tsx and esbuild with keepNames wrap every named inner function like this; the __name helper
    // itself lives in the caller's module and never reaches the worker.
    const fn = emitted<(n: number) => string>(
      ["n"],
      'const square = /* @__PURE__ */ __name((x) => x * x, "square"); return square.name + ":" + square(n);',
    );
    expect(await run(async () => toThread({ executor: pool }, fn, 4))).toBe("square:16");
  });

  it("esbuild keepNames: a __name(inner, 'inner') statement after an inner function declaration", async () => {
    const fn = emitted<(n: number) => string>(
      ["n"],
      'function inner(x) { return x + 1; } __name(inner, "inner"); return inner.name + ":" + inner(n);',
    );
    expect(await run(async () => toThread({ executor: pool }, fn, 4))).toBe("inner:5");
  });

  it("method shorthand, async functions, rest and default parameters", async () => {
    const holder = {
      double(n: number) {
        return n * 2;
      },
      async later(n: number) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return n + 1;
      },
    };
    const results = await run(async () => [
      await toThread({ executor: pool }, holder.double, 21),
      await toThread({ executor: pool }, holder.later, 1),
      await toThread({ executor: pool }, (a: number, b: number = 10) => a + b, 5),
      await toThread({ executor: pool }, function sum(...xs: number[]) {
        return xs.reduce((s, x) => s + x, 0); // a trailing line comment must not break compilation
      }, 1, 2, 3),
    ]);
    expect(results).toEqual([42, 2, 15, 6]);
  });

  it("this very file's functions survive vitest's transform", async () => {
    const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
    expect(await run(async () => toThread({ executor: pool }, words, "event loops all the way down"))).toBe(6);
  });

  it("compiles a function once per worker and reuses it", async () => {
    const counted = emitted<() => number>([], "globalThis.__tsioCalls = (globalThis.__tsioCalls ?? 0) + 1; return globalThis.__tsioCalls;");
    const counts = await run(async () => [await toThread({ executor: pool }, counted), await toThread({ executor: pool }, counted)]);
    expect(counts).toEqual([1, 2]);
  });
});
