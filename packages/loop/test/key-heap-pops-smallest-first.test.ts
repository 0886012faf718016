import { describe, expect, it } from "vitest";
import { KeyHeap } from "../src/key-heap.js";
import { prng } from "./helpers/prng.js";

describe("KeyHeap", () => {
  it("pops keys smallest first while pushes and pops interleave", () => {
    const random = prng(3);
    const heap = new KeyHeap();
    const model: number[] = [];
    expect(heap.peek()).toBe(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 3000; i++) {
      if (random() < 0.6 || model.length === 0) {
        const key = Math.floor(random() * 1e6) - 5e5;
        heap.push(key);
        model.push(key);
        model.sort((a, b) => a - b);
      } else {
        expect(heap.pop()).toBe(model.shift());
      }
      expect(heap.size).toBe(model.length);
      expect(heap.peek()).toBe(model.length > 0 ? model[0] : Number.POSITIVE_INFINITY);
    }
  });

  it("reset() replaces the contents with any order of keys", () => {
    const heap = new KeyHeap();
    heap.push(1);
    const keys = [9, -4, 300, 7, 0, 2 ** 40, 15];
    heap.reset(keys);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop());
    expect(out).toEqual([...keys].sort((a, b) => a - b));
    heap.reset([]);
    expect(heap.size).toBe(0);
  });
});
