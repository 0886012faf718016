/**
 * What one child process reports for one workload × implementation run, as one JSON line on
 * stdout. The Python script prints the same shape.
 *
 * @example
 * ```ts
 * const sample: Sample = { n: 1000, wallNs: 2e6, cpuNs: 2.1e6, heapBytes: 8e6, heapDeltaBytes: 0 };
 * ```
 */
export interface Sample {
  /** Operations measured. */
  n: number;
  /** Wall-clock time of the measured section, in nanoseconds. */
  wallNs: number;
  /** Process CPU time (user + system, all threads) of the measured section, in nanoseconds. */
  cpuNs: number;
  /** Heap in use when the measured section ended (Python: resident set size). */
  heapBytes: number;
  /** Heap growth across the measured section, after a forced GC when the workload asks for one. */
  heapDeltaBytes: number;
  /** Response latency percentiles in milliseconds, for the http workload. */
  latencyMs?: { p50: number; p99: number };
}

/**
 * The figures derived from a sample (or the median of several), per operation.
 *
 * @example
 * ```ts
 * const figures = toFigures({ n: 1000, wallNs: 2e6, cpuNs: 2e6, heapBytes: 0, heapDeltaBytes: 0 });
 * figures.nsPerOp; // 2000
 * ```
 */
export interface Figures {
  nsPerOp: number;
  cpuNsPerOp: number;
  opsPerSec: number;
  heapBytes: number;
  heapBytesPerOp: number;
  /** Median response latency (ms), when the sample has latencies. */
  p50Ms?: number;
  /** 99th-percentile response latency (ms), when the sample has latencies. */
  p99Ms?: number;
}

/**
 * Per-operation figures of one sample.
 *
 * @example
 * ```ts
 * toFigures({ n: 10, wallNs: 100, cpuNs: 50, heapBytes: 0, heapDeltaBytes: 40 }).heapBytesPerOp; // 4
 * ```
 */
export function toFigures(sample: Sample): Figures {
  const n = Math.max(1, sample.n);
  return {
    nsPerOp: sample.wallNs / n,
    cpuNsPerOp: sample.cpuNs / n,
    opsPerSec: sample.wallNs > 0 ? (n * 1e9) / sample.wallNs : Number.POSITIVE_INFINITY,
    heapBytes: sample.heapBytes,
    heapBytesPerOp: sample.heapDeltaBytes / n,
    ...(sample.latencyMs !== undefined && { p50Ms: sample.latencyMs.p50, p99Ms: sample.latencyMs.p99 }),
  };
}

/**
 * Checks that a parsed JSON value has the shape of a `Sample`.
 *
 * @example
 * ```ts
 * isSample(JSON.parse('{"n":1,"wallNs":1,"cpuNs":1,"heapBytes":1,"heapDeltaBytes":0}')); // true
 * ```
 */
export function isSample(value: unknown): value is Sample {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  const latency = record.latencyMs as Record<string, unknown> | undefined;
  if (latency !== undefined && (typeof latency?.p50 !== "number" || typeof latency.p99 !== "number")) return false;
  return ["n", "wallNs", "cpuNs", "heapBytes", "heapDeltaBytes"].every((key) => typeof record[key] === "number");
}
