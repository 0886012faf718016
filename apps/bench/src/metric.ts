import type { Metric } from "./catalog.js";
import { formatNumber, formatRate } from "./format.js";
import type { Figures } from "./sample.js";

/**
 * How each metric reads: its unit in the table, and whether more is better (requests/s) or
 * less (time, bytes, latency). A ratio is always subject ÷ peer of the figure itself.
 *
 * @example
 * ```ts
 * METRICS.rps.unit; // "req/s"
 * ```
 */
export const METRICS: Readonly<Record<Metric, { unit: string; higherIsBetter: boolean }>> = {
  wall: { unit: "ns/op", higherIsBetter: false },
  cpu: { unit: "CPU ns/op", higherIsBetter: false },
  heap: { unit: "heap B/op", higherIsBetter: false },
  rps: { unit: "req/s", higherIsBetter: true },
  p50: { unit: "p50 ms", higherIsBetter: false },
  p99: { unit: "p99 ms", higherIsBetter: false },
};

/**
 * One metric's figure, or undefined when the figures do not have it (latency outside http).
 *
 * @example
 * ```ts
 * metricOf(figures, "cpu"); // CPU ns per operation
 * ```
 */
export function metricOf(figures: Figures, metric: Metric): number | undefined {
  switch (metric) {
    case "wall":
      return figures.nsPerOp;
    case "cpu":
      return figures.cpuNsPerOp;
    case "heap":
      return figures.heapBytesPerOp;
    case "rps":
      return figures.opsPerSec;
    case "p50":
      return figures.p50Ms;
    case "p99":
      return figures.p99Ms;
  }
}

/**
 * A metric's figure as a table cell: `1,324`, `12.3 k`, `1.20`.
 *
 * @example
 * ```ts
 * formatMetric("rps", 12_345); // "12.3 k"
 * ```
 */
export function formatMetric(metric: Metric, value: number): string {
  return metric === "rps" ? formatRate(value) : formatNumber(value);
}
