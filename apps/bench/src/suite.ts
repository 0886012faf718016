import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type ImplSpec, type Metric, type Target, WORKLOADS, type WorkloadSpec } from "./catalog.js";
import { median } from "./median.js";
import type { BenchOptions } from "./options.js";
import { BENCH_ROOT } from "./paths.js";
import { type Figures, type Sample, toFigures } from "./sample.js";
import { spawnSample } from "./spawn-sample.js";

/**
 * One row of the table: an implementation's median figures, or why it has none.
 *
 * @example
 * ```ts
 * if (row.status === "ok") console.log(row.figures?.nsPerOp);
 * ```
 */
export interface RowResult {
  impl: string;
  label: string;
  /** The size this row ran at (below the workload's when the implementation is capped). */
  n: number;
  runtime: ImplSpec["runtime"];
  status: "ok" | "skipped" | "failed";
  /** Why the row was skipped or failed. */
  reason?: string;
  samples: Sample[];
  figures?: Figures;
  /** subject ÷ this row, in the workload's metric (absent for the subject itself). */
  ratio?: number;
}

/**
 * A target with the ratio measured for it; `met` is undefined when a side has no figures.
 *
 * @example
 * ```ts
 * const line = `${target.text}: ${target.ratio?.toFixed(2)} ${target.met ? "met" : "missed"}`;
 * ```
 */
export interface TargetResult extends Target {
  ratio?: number;
  met?: boolean;
}

/**
 * The results of one workload.
 *
 * @example
 * ```ts
 * for (const row of workload.rows) console.log(workload.name, row.impl, row.status);
 * ```
 */
export interface WorkloadResult {
  name: string;
  what: string;
  unit: string;
  n: number;
  /** What the ratios compare (the workload's own metric, or CPU time under `--metric cpu`). */
  metric: Metric;
  subject: string;
  rows: RowResult[];
  targets: TargetResult[];
  limit?: { max: number; text: string; value?: number; met?: boolean };
}

/**
 * Everything one `pnpm bench` run measured, as written to `results/latest.json`.
 *
 * @example
 * ```ts
 * const suite: SuiteResult = JSON.parse(readFileSync("results/latest.json", "utf8"));
 * ```
 */
export interface SuiteResult {
  generatedAt: string;
  node: string;
  python: string | null;
  platform: string;
  cpus: number;
  cpuModel: string;
  quick: boolean;
  /** Wall-clock workloads were compared by CPU time (`--metric cpu`). */
  byCpu: boolean;
  /** The 1-minute load average when the run began and ended: above the CPU count, figures are shaky. */
  load: [number, number];
  /** Some workloads or implementations were left out (`--filter`, `--impl`) or resized (`--n`). */
  partial: boolean;
  repeats: number;
  durationMs: number;
  workloads: WorkloadResult[];
}

/**
 * The workloads the options select, in catalog order.
 *
 * @example
 * ```ts
 * selectWorkloads(parseOptions(["--filter", "timers"])).map((w) => w.name); // ["timers-random"]
 * ```
 */
export function selectWorkloads(options: BenchOptions): WorkloadSpec[] {
  const selected = WORKLOADS.filter(
    (spec) => options.filter.length === 0 || options.filter.some((part) => spec.name.includes(part)),
  );
  if (selected.length === 0) {
    throw new RangeError(
      `--filter ${options.filter.join(",")} matches no workload; known: ${WORKLOADS.map((w) => w.name).join(", ")}`,
    );
  }
  return selected;
}

/**
 * The `python3` version string, or `null` when there is no `python3` on the PATH.
 *
 * @example
 * ```ts
 * pythonVersion(); // "Python 3.11.7" or null
 * ```
 */
export function pythonVersion(): string | null {
  const probe = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) return null;
  return `${probe.stdout}${probe.stderr}`.trim();
}

const requireFromBench = createRequire(path.join(BENCH_ROOT, "package.json"));

function isBuilt(pkg: string): boolean {
  try {
    return existsSync(requireFromBench.resolve(pkg));
  } catch {
    return false;
  }
}

function metricOf(figures: Figures, metric: Metric): number {
  if (metric === "cpu") return figures.cpuNsPerOp;
  if (metric === "heap") return figures.heapBytesPerOp;
  return figures.nsPerOp;
}

function medianFigures(samples: readonly Sample[]): Figures {
  const all = samples.map(toFigures);
  const pick = (key: keyof Figures): number => median(all.map((f) => f[key]));
  return {
    nsPerOp: pick("nsPerOp"),
    cpuNsPerOp: pick("cpuNsPerOp"),
    opsPerSec: pick("opsPerSec"),
    heapBytes: pick("heapBytes"),
    heapBytesPerOp: pick("heapBytesPerOp"),
  };
}

/** Progress lines while the suite runs. */
export type Log = (line: string) => void;

/**
 * Runs the selected workloads × implementations, each repetition in a fresh child process, and
 * returns their median figures, ratios and targets. Needs the bench's `dist/` (run `build` first).
 *
 * @example
 * ```ts
 * const suite = await runSuite(parseOptions(["--quick"]), (line) => console.error(line));
 * ```
 */
export async function runSuite(options: BenchOptions, log: Log): Promise<SuiteResult> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  const python = pythonVersion();
  const defaultRepeats = options.repeats ?? (options.quick ? 1 : 3);
  const childScript = path.join(BENCH_ROOT, "dist", "child.js");
  if (!existsSync(childScript)) throw new Error(`${childScript} is missing: build the bench first (pnpm build)`);
  const pythonScript = path.join(BENCH_ROOT, "bench_asyncio.py");
  const workloads: WorkloadResult[] = [];

  for (const spec of selectWorkloads(options)) {
    const n = options.n ?? (options.quick ? spec.quickN : spec.n);
    const warm = spec.warmup === false ? 0 : Math.max(1, Math.floor(n / 10));
    const repeats = options.repeats ?? (options.quick ? 1 : (spec.repeats ?? defaultRepeats));
    const rows: RowResult[] = [];
    const runnable: { impl: ImplSpec; row: RowResult; args: [string, string[]] }[] = [];
    for (const impl of spec.impls) {
      if (options.impls.length > 0 && !options.impls.includes(impl.name)) continue;
      const implN = options.n ?? Math.min(n, impl.maxN ?? n);
      const implWarm = Math.min(warm, implN);
      const row: RowResult = {
        impl: impl.name,
        label: impl.label,
        n: implN,
        runtime: impl.runtime,
        status: "ok",
        samples: [],
      };
      rows.push(row);
      if (impl.runtime === "python" && python === null) {
        row.status = "skipped";
        row.reason = "skipped: python3 not found";
        log(`${spec.name} ${impl.name}: ${row.reason}`);
        continue;
      }
      if (impl.needs !== undefined && !isBuilt(impl.needs)) {
        row.status = "skipped";
        row.reason = `skipped: ${impl.needs} is not built`;
        log(`${spec.name} ${impl.name}: ${row.reason}`);
        continue;
      }
      const args: [string, string[]] =
        impl.runtime === "python"
          ? ["python3", [pythonScript, spec.name, String(implN)]]
          : [
              process.execPath,
              [...nodeFlags(options, spec, impl), childScript, spec.name, impl.name, String(implN), String(implWarm)],
            ];
      runnable.push({ impl, row, args });
    }
    // Round-robin over the implementations, one child each per round: load that drifts during the
    // workload lands on every row alike instead of on whichever ran last.
    for (let r = 0; r < repeats; r++) {
      for (const { impl, row, args } of runnable) {
        if (row.status !== "ok") continue;
        try {
          const sample = await spawnSample(args[0], args[1]);
          row.samples.push(sample);
          const f = toFigures(sample);
          log(
            `${spec.name} ${impl.name} [${r + 1}/${repeats}] n=${row.n}: ${f.nsPerOp.toFixed(0)} ns/op, cpu ${f.cpuNsPerOp.toFixed(0)} ns/op, heap ${f.heapBytesPerOp.toFixed(0)} B/op`,
          );
        } catch (err) {
          row.status = "failed";
          row.reason = `failed: ${err instanceof Error ? err.message : String(err)}`;
          log(`${spec.name} ${impl.name}: ${row.reason}`);
        }
      }
    }
    for (const row of rows) if (row.status === "ok") row.figures = medianFigures(row.samples);
    workloads.push(scoreWorkload(spec, n, rows, options.byCpu));
  }

  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    python,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    quick: options.quick,
    byCpu: options.byCpu,
    load: [Math.round(loadAtStart * 100) / 100, Math.round(os.loadavg()[0]! * 100) / 100],
    partial: options.filter.length > 0 || options.impls.length > 0 || options.n !== undefined,
    repeats: defaultRepeats,
    durationMs: Date.now() - started,
    workloads,
  };
}

function nodeFlags(options: BenchOptions, spec: WorkloadSpec, impl: ImplSpec): string[] {
  const flags = ["--expose-gc"];
  if (spec.metric === "heap") flags.push("--max-old-space-size=8192");
  if (options.cpuProf !== undefined) {
    flags.push(
      "--cpu-prof",
      `--cpu-prof-dir=${path.resolve(options.cpuProf)}`,
      `--cpu-prof-name=${spec.name}.${impl.name}.${Date.now()}.cpuprofile`,
    );
  }
  return flags;
}

/**
 * Adds ratios (subject ÷ each row) and checks the targets of a workload's rows.
 *
 * @example
 * ```ts
 * const result = scoreWorkload(spec, 1000, rows);
 * result.targets.filter((t) => t.met === false);
 * ```
 */
export function scoreWorkload(spec: WorkloadSpec, n: number, rows: RowResult[], byCpu = false): WorkloadResult {
  const metric: Metric = byCpu && spec.metric === "wall" && spec.wallOnly !== true ? "cpu" : spec.metric;
  const value = (impl: string): number | undefined => {
    const figures = rows.find((row) => row.impl === impl)?.figures;
    return figures === undefined ? undefined : metricOf(figures, metric);
  };
  const subject = value(spec.subject);
  for (const row of rows) {
    const own = row.figures === undefined ? undefined : metricOf(row.figures, metric);
    if (row.impl !== spec.subject && subject !== undefined && own !== undefined && own > 0) row.ratio = subject / own;
  }
  const targets = spec.targets
    .filter((target) => rows.some((row) => row.impl === target.subject) && rows.some((row) => row.impl === target.vs))
    .map((target): TargetResult => {
      const a = value(target.subject);
      const b = value(target.vs);
      if (a === undefined || b === undefined || b <= 0) return { ...target };
      const ratio = a / b;
      return { ...target, ratio, met: ratio <= target.max };
    });
  const result: WorkloadResult = {
    name: spec.name,
    what: spec.what,
    unit: spec.unit,
    n,
    metric,
    subject: spec.subject,
    rows,
    targets,
  };
  if (spec.limit !== undefined && rows.some((row) => row.impl === spec.subject)) {
    result.limit = { ...spec.limit };
    if (subject !== undefined) Object.assign(result.limit, { value: subject, met: subject <= spec.limit.max });
  }
  return result;
}
