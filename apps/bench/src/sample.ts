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
  return ["n", "wallNs", "cpuNs", "heapBytes", "heapDeltaBytes"].every((key) => typeof record[key] === "number");
}
