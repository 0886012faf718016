import { describe, expect, it } from "vitest";
import { BlockQueue } from "../src/block-queue.js";

function drain<T>(queue: BlockQueue<T>): T[] {
  const out: T[] = [];
  while (queue.length > 0) out.push(queue.shift() as T);
  return out;
}

describe("BlockQueue", () => {
  it("is a FIFO and returns undefined when empty", () => {
    const queue = new BlockQueue<number>();
    expect(queue.shift()).toBeUndefined();
    for (let i = 0; i < 5; i++) queue.push(i);
    expect(queue.length).toBe(5);
    expect(drain(queue)).toEqual([0, 1, 2, 3, 4]);
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it("grows block by block without losing order", () => {
    const queue = new BlockQueue<number>(1);
    const n = 10_000;
    for (let i = 0; i < n; i++) queue.push(i);
    expect(queue.length).toBe(n);
    expect(drain(queue)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("keeps order across a block boundary reached after some items were taken", () => {
    const queue = new BlockQueue<string>(8);
    for (let i = 0; i < 6; i++) queue.push(`a${i}`);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(["a0", "a1", "a2", "a3"]);
    // Head is now at slot 4: these six run past the end of the first 8-slot block.
    for (let i = 0; i < 6; i++) queue.push(`b${i}`);
    expect(queue.length).toBe(8);
    // The second block takes these two as well.
    queue.push("c0");
    queue.push("c1");
    expect(drain(queue)).toEqual(["a4", "a5", "b0", "b1", "b2", "b3", "b4", "b5", "c0", "c1"]);
  });

  it("interleaved pushes and shifts keep FIFO order over many wraps", () => {
    const queue = new BlockQueue<number>(8);
    const expected: number[] = [];
    const got: number[] = [];
    let next = 0;
    for (let round = 0; round < 500; round++) {
      for (let k = 0; k < (round % 7) + 1; k++) {
        queue.push(next);
        expected.push(next++);
      }
      for (let k = 0; k < (round % 5) + 1 && queue.length > 0; k++) got.push(queue.shift() as number);
    }
    got.push(...drain(queue));
    expect(got).toEqual(expected);
  });

  it("clear() empties it and it stays usable", () => {
    const queue = new BlockQueue<object>(8);
    for (let i = 0; i < 20; i++) queue.push({ i });
    queue.shift();
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
    queue.push({ i: "again" });
    expect(drain(queue)).toEqual([{ i: "again" }]);
  });

  it("drained after a burst of many blocks, it starts over and keeps FIFO order", () => {
    const queue = new BlockQueue<number>(8);
    for (let i = 0; i < 1000; i++) queue.push(i);
    expect(drain(queue)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Filling and draining in turn reuses the blocks given back, in order.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++) queue.push(round * 100 + i);
      expect(drain(queue)).toEqual(Array.from({ length: 20 }, (_, i) => round * 100 + i));
    }
  });
});
