import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Runner, type Task } from "tsio";
import { churnWave, type WaveStats } from "./churn.js";
import { getGc, heapAfterGc } from "./heap.js";
import { type HeapTrend, judgeHeapTrend, type TrendOptions } from "./heap-trend.js";

/** One wave's figures. */
export interface WaveReport extends WaveStats {
  readonly wave: number;
  readonly ms: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
}

export interface SoakResult {
  readonly waves: readonly WaveReport[];
  readonly tasks: number;
  readonly ms: number;
  readonly trend: HeapTrend;
}

export interface SoakOptions {
  readonly waves: number;
  readonly tasksPerWave: number;
  readonly trend?: Partial<TrendOptions>;
  /** Called with each wave's report as it completes. */
  readonly onWave?: (report: WaveReport) => void;
  /** Test hook, see `WaveOptions.retain`. */
  readonly retain?: Task<unknown>[];
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * Runs the waves on one long-lived real loop (a `Runner`), measuring the post-GC heap before and
 * after each wave outside the loop, and judges the trend of the after-wave samples.
 */
export async function soak(options: SoakOptions): Promise<SoakResult> {
  const gc = getGc();
  const runner = new Runner({ handleSigint: false });
  const waves: WaveReport[] = [];
  const start = performance.now();
  try {
    for (let wave = 1; wave <= options.waves; wave++) {
      const heapBefore = await heapAfterGc(gc);
      const waveStart = performance.now();
      const stats = await runner.run(() =>
        churnWave(options.tasksPerWave, options.retain !== undefined ? { retain: options.retain } : {}),
      );
      const ms = performance.now() - waveStart;
      const heapAfter = await heapAfterGc(gc);
      const report: WaveReport = { wave, ms, heapBefore, heapAfter, ...stats };
      waves.push(report);
      options.onWave?.(report);
    }
  } finally {
    await runner.close();
  }
  const ms = performance.now() - start;
  const tasks = waves.reduce((sum, w) => sum + w.tasks, 0);
  const trend = judgeHeapTrend(
    waves.map((w) => w.heapAfter),
    options.trend,
  );
  return { waves, tasks, ms, trend };
}

function formatWave(r: WaveReport, of: number): string {
  const rate = Math.round(r.tasks / (r.ms / 1000));
  return (
    `wave ${String(r.wave).padStart(2)}/${of}: ${r.tasks.toLocaleString("en-US")} tasks in ${r.ms.toFixed(0)} ms ` +
    `(${rate.toLocaleString("en-US")} tasks/s; ${r.timeouts} timeouts, ${r.failedGathers} failed gathers, ${r.items} queue items) ` +
    `heap before ${mb(r.heapBefore)}, after ${mb(r.heapAfter)}`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      waves: { type: "string", default: "10" },
      tasks: { type: "string", default: "100000" },
    },
  });
  const waves = Number(values.waves);
  const tasksPerWave = Number(values.tasks);
  if (!Number.isInteger(waves) || waves < 5 || !Number.isInteger(tasksPerWave) || tasksPerWave < 1) {
    throw new RangeError("soak: --waves must be an integer >= 5 and --tasks a positive integer.");
  }
  console.log(`soak: ${waves} waves of ${tasksPerWave.toLocaleString("en-US")} tasks on the real loop (post-GC heapUsed)`);
  const result = await soak({
    waves,
    tasksPerWave,
    // Long runs compare three waves at each end and want four rises in a row; short ones use the defaults.
    trend: waves >= 7 ? { window: 3, monotoneWaves: 4 } : {},
    onWave: (report) => console.log(formatWave(report, waves)),
  });
  const seconds = result.ms / 1000;
  console.log("---");
  console.log(
    `soak: ${result.waves.length} waves, ${result.tasks.toLocaleString("en-US")} tasks in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.tasks / seconds).toLocaleString("en-US")} tasks/s)`,
  );
  console.log(`post-GC heap after each wave: ${result.waves.map((w) => (w.heapAfter / 1024 / 1024).toFixed(2)).join(" ")} MB`);
  console.log(`heap trend: ${result.trend.summary}`);
  if (result.trend.growing) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
