import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, type Transfer, toThread, transfer } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

describe("transfer()", () => {
  it("moves an ArrayBuffer: the worker sees the data and the source is detached", async () => {
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    const sum = await run(async () =>
      toThread({ executor: pool }, (buf: ArrayBuffer) => new Uint8Array(buf).reduce((a, b) => a + b, 0), transfer(buffer)),
    );
    expect(sum).toBe(10);
    expect(buffer.byteLength).toBe(0);
    expect(() => new Uint8Array(buffer)).toThrow(TypeError);
  });

  it("moves the buffer under a typed array and hands the view over intact", async () => {
    const backing = new ArrayBuffer(32);
    const view = new Float64Array(backing, 8, 2);
    view.set([1.25, 2.5]);
    const got = await run(async () =>
      toThread({ executor: pool }, (xs: Float64Array) => [xs.length, xs.byteOffset, xs[0]! + xs[1]!], transfer(view)),
    );
    expect(got).toEqual([2, 8, 3.75]);
    expect(backing.byteLength).toBe(0);
    expect(view.length).toBe(0);
  });

  it("copies a buffer that is not marked", async () => {
    const buffer = new Uint8Array([5, 6]).buffer;
    await run(async () => toThread({ executor: pool }, (buf: ArrayBuffer) => buf.byteLength, buffer));
    expect(buffer.byteLength).toBe(2);
  });

  it("moves nested buffers listed in options.transfer", async () => {
    const image = { width: 2, pixels: new Uint8Array([9, 9, 9, 9]) };
    const n = await run(async () =>
      toThread(
        { executor: pool, transfer: [image.pixels] },
        (img: { width: number; pixels: Uint8Array }) => img.pixels.length / img.width,
        image,
      ),
    );
    expect(n).toBe(2);
    expect(image.pixels.byteLength).toBe(0);
  });

  it("moves a result back when the function returns transfer(buffer)", async () => {
    // The function as tsc or tsx emit it for ESM: `transfer` keeps its name (vitest's own transform
    // would rename the import, see the next test). The worker provides `transfer` in scope.
    const makeOnes = new Function("n", "return transfer(new Uint8Array(n).fill(1));") as (n: number) => Transfer<Uint8Array>;
    const bytes = await run(async () => toThread({ executor: pool }, makeOnes, 3));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([1, 1, 1]);
  });

  it("explains an import renamed by a transform", async () => {
    // How vitest, esbuild (CommonJS) and tsc (CommonJS) rewrite `transfer(...)` after an import.
    const transformed = ["(0, __vite_ssr_import_2__.transfer)", "(0, import_thread.transfer)", "(0, thread_1.transfer)"];
    for (const call of transformed) {
      const fn = new Function("n", `return ${call}(new Uint8Array(n));`) as (n: number) => Uint8Array;
      const err = await run(() => Promise.resolve(toThread({ executor: pool }, fn, 3)).catch((e: unknown) => e));
      expect(err).toBeInstanceOf(ReferenceError);
      expect((err as Error).message).toMatch(/what a build tool .* turned an import into/);
    }
  });

  it("rejects what cannot be transferred", () => {
    expect(() => transfer(new SharedArrayBuffer(8) as unknown as ArrayBuffer)).toThrow(/SharedArrayBuffer is already shared/);
    expect(() => transfer("text" as unknown as ArrayBuffer)).toThrow(TypeError);
  });
});
