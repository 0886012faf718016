import type { Sample } from "./sample.js";

/** `global.gc` exists only under `node --expose-gc`. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === "function") {
    gc();
    gc();
  }
}

/**
 * Times one measured section: wall clock, process CPU time and heap. With `gc: true` it collects
 * garbage before and after, so `heapDeltaBytes` counts only what the section still holds.
 *
 * @example
 * ```ts
 * const watch = Stopwatch.start();
 * for (let i = 0; i < 1000; i++) work();
 * const sample = watch.stop(1000);
 * ```
 */
export class Stopwatch {
  private readonly wall: bigint;
  private readonly cpu: NodeJS.CpuUsage;
  private readonly heap: number;
  private readonly gc: boolean;

  private constructor(gc: boolean) {
    this.gc = gc;
    if (gc) collectGarbage();
    this.heap = process.memoryUsage().heapUsed;
    this.cpu = process.cpuUsage();
    this.wall = process.hrtime.bigint();
  }

  /** Starts timing now (after a forced GC when `gc` is set). */
  static start(options: { gc?: boolean } = {}): Stopwatch {
    return new Stopwatch(options.gc ?? false);
  }

  /** Stops timing and returns the sample for `n` operations. */
  stop(n: number): Sample {
    const wallNs = Number(process.hrtime.bigint() - this.wall);
    const cpu = process.cpuUsage(this.cpu);
    if (this.gc) collectGarbage();
    const heapBytes = process.memoryUsage().heapUsed;
    return { n, wallNs, cpuNs: (cpu.user + cpu.system) * 1000, heapBytes, heapDeltaBytes: heapBytes - this.heap };
  }
}
