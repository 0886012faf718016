import { describe, expect, it } from "vitest";
import { sortByDeadline } from "../src/deadline-sort.js";
import { prng } from "./helpers/prng.js";

/** Sorts `whens` (with positions as items) both ways and checks they agree. */
function check(whens: number[], start = 0, end = whens.length): void {
  const items = whens.map((_, i) => i);
  const keys = [...whens];
  const expected = items.slice(start, end).sort((a, b) => (whens[a] as number) - (whens[b] as number) || a - b);
  sortByDeadline(items, keys, start, end);
  expect(items.slice(start, end)).toEqual(expected);
  expect(keys.slice(start, end)).toEqual(expected.map((i) => whens[i]));
  // Outside the range nothing moves.
  expect(items.slice(0, start)).toEqual(whens.slice(0, start).map((_, i) => i));
  expect(items.slice(end)).toEqual(whens.slice(end).map((_, i) => end + i));
}

describe("sortByDeadline", () => {
  it("sorts one millisecond's deadlines by value, ties in their original order", () => {
    const random = prng(7);
    // 70 000 is past the size up to which scratch space is kept: sorting must go on working after.
    for (const n of [2, 3, 17, 100, 1000, 70_000, 5000]) {
      check(Array.from({ length: n }, () => 40 + random()));
      check(Array.from({ length: n }, () => 40 + Math.floor(random() * 4) / 4));
    }
  });

  it("sorts only the given range", () => {
    const random = prng(11);
    check(
      Array.from({ length: 300 }, () => random()),
      37,
      251,
    );
  });

  it("falls back to merging when most deadlines crowd into a sliver of the range", () => {
    const random = prng(13);
    // One outlier stretches the range; the rest share one slice.
    const crowded = Array.from({ length: 2000 }, () => 5 + random() * 1e-9);
    crowded[100] = 5.999;
    check(crowded);
  });

  it("handles infinities, negative and already sorted input", () => {
    const random = prng(17);
    check([Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY, 3, 1, Number.POSITIVE_INFINITY]);
    check(Array.from({ length: 500 }, (_, i) => -1 + i / 1000));
    check(Array.from({ length: 500 }, () => -random()));
  });
});
