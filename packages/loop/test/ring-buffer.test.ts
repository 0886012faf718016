import { describe, expect, it } from "vitest";
import { RingBuffer } from "../src/ring-buffer.js";

function drain<T>(ring: RingBuffer<T>): T[] {
  const out: T[] = [];
  while (ring.length > 0) out.push(ring.shift() as T);
  return out;
}

describe("RingBuffer", () => {
  it("is a FIFO and returns undefined when empty", () => {
    const ring = new RingBuffer<number>();
    expect(ring.shift()).toBeUndefined();
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.length).toBe(5);
    expect(drain(ring)).toEqual([0, 1, 2, 3, 4]);
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
  });

  it("grows past its initial capacity without losing order", () => {
    const ring = new RingBuffer<number>(1);
    const n = 10_000;
    for (let i = 0; i < n; i++) ring.push(i);
    expect(ring.length).toBe(n);
    expect(drain(ring)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("wraps around, and grows correctly while wrapped", () => {
    const ring = new RingBuffer<string>(8);
    for (let i = 0; i < 6; i++) ring.push(`a${i}`);
    expect([ring.shift(), ring.shift(), ring.shift(), ring.shift()]).toEqual(["a0", "a1", "a2", "a3"]);
    // Head is now at slot 4: these six wrap past the end of the 8-slot array.
    for (let i = 0; i < 6; i++) ring.push(`b${i}`);
    expect(ring.length).toBe(8);
    // Full and wrapped: the next push must grow and unwrap.
    ring.push("c0");
    ring.push("c1");
    expect(drain(ring)).toEqual(["a4", "a5", "b0", "b1", "b2", "b3", "b4", "b5", "c0", "c1"]);
  });

  it("interleaved pushes and shifts keep FIFO order over many wraps", () => {
    const ring = new RingBuffer<number>(8);
    const expected: number[] = [];
    const got: number[] = [];
    let next = 0;
    for (let round = 0; round < 500; round++) {
      for (let k = 0; k < (round % 7) + 1; k++) {
        ring.push(next);
        expected.push(next++);
      }
      for (let k = 0; k < (round % 5) + 1 && ring.length > 0; k++) got.push(ring.shift() as number);
    }
    got.push(...drain(ring));
    expect(got).toEqual(expected);
  });

  it("clear() empties it and it stays usable", () => {
    const ring = new RingBuffer<object>(8);
    for (let i = 0; i < 20; i++) ring.push({ i });
    ring.shift();
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
    ring.push({ i: "again" });
    expect(drain(ring)).toEqual([{ i: "again" }]);
  });
});
