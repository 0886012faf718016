/**
 * How to tell a leak from noise in post-GC heap samples taken after each wave. The first waves
 * warm up (JIT code, caches, the thread pool), so the baseline is the median of the `window` waves
 * after `warmup`; the final level is the median of the last `window` waves. The heap is "growing"
 * only when BOTH the final level exceeds the baseline by more than the margin (the larger of
 * `absMarginBytes` and `relMargin` of the baseline) AND it rose at every one of the last
 * `monotoneWaves` steps: a one-off jump (a lazily grown table) levels off, and noise does not keep
 * rising wave after wave, while a leak does both.
 */
export interface TrendOptions {
  readonly warmup: number;
  readonly window: number;
  readonly absMarginBytes: number;
  readonly relMargin: number;
  readonly monotoneWaves: number;
}

export interface HeapTrend {
  readonly growing: boolean;
  readonly baseline: number;
  readonly final: number;
  readonly growth: number;
  readonly margin: number;
  /** Whether the heap rose at each of the last `monotoneWaves` steps. */
  readonly monotone: boolean;
  readonly summary: string;
}

export const DEFAULT_TREND: TrendOptions = {
  warmup: 1,
  window: 2,
  absMarginBytes: 2 * 1024 * 1024,
  relMargin: 0.1,
  monotoneWaves: 3,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Judges post-GC heap samples, one per wave, oldest first. */
export function judgeHeapTrend(samples: readonly number[], options: Partial<TrendOptions> = {}): HeapTrend {
  const { warmup, window, absMarginBytes, relMargin, monotoneWaves } = { ...DEFAULT_TREND, ...options };
  const needed = Math.max(warmup + 2 * window, monotoneWaves + 1);
  if (samples.length < needed) {
    throw new RangeError(`judgeHeapTrend needs at least ${needed} samples for these options, got ${samples.length}.`);
  }
  const baseline = median(samples.slice(warmup, warmup + window));
  const final = median(samples.slice(-window));
  const growth = final - baseline;
  const margin = Math.max(absMarginBytes, relMargin * baseline);
  const steps = samples.slice(-(monotoneWaves + 1));
  const monotone = steps.every((value, i) => i === 0 || value > steps[i - 1]!);
  const growing = growth > margin && monotone;
  const summary =
    `${growing ? "GROWING" : "flat"}: last ${window} waves' median ${mb(final)} vs ${mb(baseline)} after warm-up ` +
    `(${growth >= 0 ? "+" : ""}${mb(growth)}, margin ${mb(margin)}); rose at each of the last ${monotoneWaves} waves: ${monotone ? "yes" : "no"}`;
  return { growing, baseline, final, growth, margin, monotone, summary };
}
