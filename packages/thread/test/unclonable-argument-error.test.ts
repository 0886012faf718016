import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

describe("arguments that cannot be copied to a worker", () => {
  it("fail the call with a TypeError naming the argument's index", async () => {
    const onProgress = (n: number) => n;
    const err = await run(() =>
      Promise.resolve(
        toThread({ executor: pool }, function report(total: number, cb: (n: number) => number) {
          return cb(total);
        }, 10, onProgress),
      ).catch((e: unknown) => e),
    );
    expect(err).toBeInstanceOf(TypeError);
    const message = (err as Error).message;
    expect(message).toContain("toThread(report): args[1] (function onProgress) cannot be copied to a worker thread");
    expect(message).toContain("could not be cloned");
    expect(message).toContain("structured clone");
  });

  it("name a symbol hidden inside an object too, and leave the pool working", async () => {
    const outcome = await run(async () => {
      const err = await Promise.resolve(
        toThread({ executor: pool }, (a: number, b: object) => [a, b], 1, { tag: Symbol("x") }),
      ).catch((e: unknown) => e);
      return { err, after: await toThread({ executor: pool }, (a: number) => a + 1, 1) };
    });
    expect(outcome.err).toBeInstanceOf(TypeError);
    expect((outcome.err as Error).message).toMatch(/args\[1\] \(an object\) cannot be copied/);
    expect(outcome.after).toBe(2);
  });
});
