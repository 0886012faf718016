import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

const factor = 3;

describe("a function that reaches outside itself", () => {
  it("fails with a ReferenceError naming the variable and showing the module form", async () => {
    const scale = (n: number) => n * factor;
    const err = await run(() => Promise.resolve(toThread({ executor: pool }, scale, 2)).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(ReferenceError);
    const message = (err as Error).message;
    expect(message).toContain('function scale uses "factor"');
    expect(message).toContain("not defined in the worker thread");
    expect(message).toContain("toThread(fn, factor)");
    expect(message).toContain('threadModule<typeof import("./work.js")>');
    // The worker's own error is kept as the cause, and the stack still points into the function.
    expect(((err as Error).cause as Error).message).toBe("factor is not defined");
    expect((err as Error).stack).toMatch(/^ReferenceError: toThread\(\): function scale uses "factor"/);
  });

  it("works once the value is passed as an argument", async () => {
    const scale = (n: number, k: number) => n * k;
    expect(await run(async () => toThread({ executor: pool }, scale, 2, factor))).toBe(6);
  });

  it("leaves other ReferenceErrors alone", async () => {
    // Reading a `let` before its declaration: a ReferenceError that is not about a missing name.
    const early = new Function("const value = later; const later = 1; return value;") as () => number;
    const err = await run(() => Promise.resolve(toThread({ executor: pool }, early)).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(ReferenceError);
    expect((err as Error).message).toMatch(/before initialization/);
  });
});
