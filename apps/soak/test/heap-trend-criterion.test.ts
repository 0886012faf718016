import { describe, expect, it } from "vitest";
import { judgeHeapTrend } from "../src/heap-trend.js";

const MB = 1024 * 1024;
const mb = (...values: number[]): number[] => values.map((v) => v * MB);

describe("the heap-trend criterion", () => {
  it("calls steady growth past the margin a leak", () => {
    const trend = judgeHeapTrend(mb(20, 22, 25, 28, 31));
    expect(trend.growing).toBe(true);
    expect(trend.monotone).toBe(true);
    expect(trend.growth).toBeCloseTo(6 * MB);
  });

  it("does not call noise around a level a leak", () => {
    expect(judgeHeapTrend(mb(20, 21.2, 21.1, 21.3, 21.2)).growing).toBe(false);
  });

  it("does not call a one-off jump that levels off a leak", () => {
    const trend = judgeHeapTrend(mb(20, 21, 21, 30, 30.0));
    expect(trend.growth).toBeGreaterThan(trend.margin);
    expect(trend.monotone).toBe(false);
    expect(trend.growing).toBe(false);
  });

  it("does not call growth within the margin a leak, even when it rises every wave", () => {
    const trend = judgeHeapTrend(mb(20, 21, 21.2, 21.4, 21.6));
    expect(trend.monotone).toBe(true);
    expect(trend.growing).toBe(false);
  });

  it("ignores the warm-up wave", () => {
    expect(judgeHeapTrend(mb(5, 21, 21, 21, 21)).growing).toBe(false);
  });

  it("refuses too few samples", () => {
    expect(() => judgeHeapTrend(mb(1, 2, 3))).toThrow(RangeError);
  });
});
