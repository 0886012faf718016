import type { Future } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Transfer, toThread, transfer } from "../src/index.js";

describe("toThread's types", () => {
  it("infers the result and checks the arguments against the function", () => {
    const neverCalled = () => {
      expectTypeOf(toThread((a: number, b: number) => a + b, 1, 2)).toEqualTypeOf<Future<number>>();
      expectTypeOf(toThread(async (s: string) => s.length, "abc")).toEqualTypeOf<Future<number>>();
      expectTypeOf(toThread((x) => x * 2, 21)).toEqualTypeOf<Future<number>>();
      expectTypeOf(toThread((...xs: number[]) => xs.length, 1, 2, 3)).toEqualTypeOf<Future<number>>();
      expectTypeOf(toThread((buf: Uint8Array) => buf, transfer(new Uint8Array(2)))).toEqualTypeOf<Future<Uint8Array>>();
      expectTypeOf(toThread(() => transfer(new Uint8Array(2)) as Transfer<Uint8Array>)).toEqualTypeOf<Future<Uint8Array>>();
      expectTypeOf(toThread({}, (n: number) => String(n), 1)).toEqualTypeOf<Future<string>>();
      // @ts-expect-error a string where the function takes a number
      toThread((n: number) => n, "1");
      // @ts-expect-error one argument too many
      toThread((n: number) => n, 1, 2);
      // @ts-expect-error transfer() only wraps buffers the function expects
      toThread((n: number) => n, transfer(new Uint8Array(1)));
    };
    expect(neverCalled).toBeTypeOf("function");
  });

  it("a function with a default parameter (annotated) can be called with fewer arguments", async () => {
    expect(await run(async () => toThread((a: number, b: number = 10) => a + b, 5))).toBe(15);
  });
});
