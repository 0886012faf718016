import { describe, expect, it } from "vitest";
import { BlockQueue } from "../src/block-queue.js";

function drain<T>(ring: BlockQueue<T>): T[] {
  const out: T[] = [];
  while (ring.length > 0) out.push(ring.shift() as T);
  return out;
}

describe("BlockQueue", () => {
  it("is a FIFO and returns undefined when empty", () => {
    const ring = new BlockQueue<number>();
    expect(ring.shift()).toBeUndefined();
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.length).toBe(5);
    expect(drain(ring)).toEqual([0, 1, 2, 3, 4]);
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
  });

  it("grows block by block without losing order", () => {
    const ring = new BlockQueue<number>(1);
    const n = 10_000;
    for (let i = 0; i < n; i++) ring.push(i);
    expect(ring.length).toBe(n);
    expect(drain(ring)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("keeps order across a block boundary reached after some items were taken", () => {
    const ring = new BlockQueue<string>(8);
    for (let i = 0; i < 6; i++) ring.push(`a${i}`);
    expect([ring.shift(), ring.shift(), ring.shift(), ring.shift()]).toEqual(["a0", "a1", "a2", "a3"]);
    // Head is now at slot 4: these six run past the end of the first 8-slot block.
    for (let i = 0; i < 6; i++) ring.push(`b${i}`);
    expect(ring.length).toBe(8);
    // The second block takes these two as well.
    ring.push("c0");
    ring.push("c1");
    expect(drain(ring)).toEqual(["a4", "a5", "b0", "b1", "b2", "b3", "b4", "b5", "c0", "c1"]);
  });

  it("interleaved pushes and shifts keep FIFO order over many wraps", () => {
    const ring = new BlockQueue<number>(8);
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
    const ring = new BlockQueue<object>(8);
    for (let i = 0; i < 20; i++) ring.push({ i });
    ring.shift();
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
    ring.push({ i: "again" });
    expect(drain(ring)).toEqual([{ i: "again" }]);
  });

  it("drained after a burst of many blocks, it starts over and keeps FIFO order", () => {
    const ring = new BlockQueue<number>(8);
    for (let i = 0; i < 1000; i++) ring.push(i);
    expect(drain(ring)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Filling and draining in turn reuses the blocks given back, in order.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++) ring.push(round * 100 + i);
      expect(drain(ring)).toEqual(Array.from({ length: 20 }, (_, i) => round * 100 + i));
    }
  });
});
