import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { haveRedisServer } from "./bull-setup.js";
import { type ImplSpec, type Metric, type Target, WORKLOADS, type WorkloadSpec } from "./catalog.js";
import { formatRate } from "./format.js";
import { median } from "./median.js";
import { metricOf } from "./metric.js";
import { nodeLines } from "./node-lines.js";
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
  /** subject ÷ this row, per metric the workload shows (absent for the subject itself). */
  ratios: Partial<Record<Metric, number>>;
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
  /** The metric the bound is on (the target's own, or the workload's). */
  metric: Metric;
  ratio?: number;
  met?: boolean;
}

/**
 * The results of one workload on one Node line.
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
  /** `metric` first, then the workload's extra metrics: one table row per implementation each. */
  metrics: Metric[];
  subject: string;
  rows: RowResult[];
  targets: TargetResult[];
  limit?: { max: number; text: string; value?: number; met?: boolean };
}

/**
 * One Node line's results: every workload, with ratios taken within the line.
 *
 * @example
 * ```ts
 * for (const line of suite.lines) console.log(line.node, line.gated ? "gated" : "reported");
 * ```
 */
export interface LineResult {
  /** `process.version` of the children's Node, e.g. `v26.12.1`. */
  node: string;
  major: number;
  /** Its targets count (Node 24 and later); older lines are reported only. */
  gated: boolean;
  workloads: WorkloadResult[];
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
  /** The Node lines, newest first: the first is the headline. Python rows are shared by all. */
  lines: LineResult[];
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

function medianFigures(samples: readonly Sample[]): Figures {
  const all = samples.map(toFigures);
  const pick = (key: keyof Figures): number => median(all.map((f) => f[key] ?? Number.NaN));
  const figures: Figures = {
    nsPerOp: pick("nsPerOp"),
    cpuNsPerOp: pick("cpuNsPerOp"),
    opsPerSec: pick("opsPerSec"),
    heapBytes: pick("heapBytes"),
    heapBytesPerOp: pick("heapBytesPerOp"),
  };
  if (all.every((f) => f.p50Ms !== undefined)) Object.assign(figures, { p50Ms: pick("p50Ms"), p99Ms: pick("p99Ms") });
  return figures;
}

/** Progress lines while the suite runs. */
export type Log = (line: string) => void;

function describeSample(sample: Sample): string {
  const f = toFigures(sample);
  if (f.p50Ms !== undefined) {
    return `${formatRate(f.opsPerSec)} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, cpu ${(f.cpuNsPerOp / 1000).toFixed(1)} µs/req`;
  }
  return `${f.nsPerOp.toFixed(0)} ns/op, cpu ${f.cpuNsPerOp.toFixed(0)} ns/op, heap ${f.heapBytesPerOp.toFixed(0)} B/op`;
}

/**
 * A child to run each round, and the rows its samples go to: one row for a Node implementation
 * on one line, one per line for Python, which does not depend on Node's version and runs once.
 */
interface Runnable {
  tag: string;
  rows: RowResult[];
  command: string;
  /** The child's arguments in round `r` (each round's CPU profile gets its own file). */
  args: (r: number) => string[];
}

/**
 * Runs the selected workloads × implementations × Node lines, each repetition in a fresh child
 * process, and returns their median figures, ratios (within each line) and targets. Needs the
 * bench's `dist/` (run `build` first).
 *
 * @example
 * ```ts
 * const suite = await runSuite(parseOptions(["--quick", "--node", "24,26"]), (line) => console.error(line));
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
  const specs = selectWorkloads(options);
  const lines = await nodeLines(options.nodes, log);
  const results: LineResult[] = lines.map((line) => ({
    node: line.version,
    major: line.major,
    gated: line.gated,
    workloads: [],
  }));

  for (const spec of specs) {
    const n = Math.min(options.n ?? (options.quick ? spec.quickN : spec.n), spec.maxN ?? Number.POSITIVE_INFINITY);
    const warm = spec.warmup === false ? 0 : Math.max(1, Math.floor(n / 10));
    const repeats = options.repeats ?? (options.quick ? 1 : (spec.repeats ?? defaultRepeats));
    const rowsByLine: RowResult[][] = lines.map(() => []);
    const runnable: Runnable[] = [];
    for (const impl of spec.impls) {
      if (options.impls.length > 0 && !options.impls.includes(impl.name)) continue;
      const implN = options.n === undefined ? Math.min(n, impl.maxN ?? n) : n;
      const implWarm = Math.min(warm, implN);
      const rows = lines.map((_, i): RowResult => {
        const row: RowResult = { impl: impl.name, label: impl.label, n: implN, runtime: impl.runtime, status: "ok", samples: [], ratios: {} };
        rowsByLine[i]!.push(row);
        return row;
      });
      const skip = (reason: string): void => {
        for (const row of rows) Object.assign(row, { status: "skipped", reason });
        log(`${spec.name} ${impl.name}: ${reason}`);
      };
      if (impl.runtime === "python") {
        if (python === null) skip("skipped: python3 not found");
        else runnable.push({ tag: impl.name, rows, command: "python3", args: () => [pythonScript, spec.name, String(implN)] });
        continue;
      }
      if (impl.requires === "redis-server" && !haveRedisServer()) {
        skip("skipped: redis-server not found on PATH (apt-get install redis-server)");
        continue;
      }
      if (impl.needs !== undefined && !isBuilt(impl.needs)) {
        skip(`skipped: ${impl.needs} is not built`);
        continue;
      }
      lines.forEach((line, i) => {
        const tag = lines.length > 1 ? `${impl.name} @node${line.major}` : impl.name;
        const args = (r: number): string[] => [
          ...nodeFlags(options, `${spec.name}.${impl.name}.node${line.major}.${r + 1}`, spec.metric),
          childScript,
          spec.name,
          impl.name,
          String(implN),
          String(implWarm),
        ];
        runnable.push({ tag, rows: [rows[i]!], command: line.bin, args });
      });
    }
    // Round-robin over implementations and lines, one child each per round: load that drifts
    // during the workload lands on every row alike instead of on whichever ran last.
    for (let r = 0; r < repeats; r++) {
      for (const { tag, rows, command, args } of runnable) {
        if (rows[0]!.status !== "ok") continue;
        try {
          const sample = await spawnSample(command, args(r));
          for (const row of rows) row.samples.push(sample);
          log(`${spec.name} ${tag} [${r + 1}/${repeats}] n=${rows[0]!.n}: ${describeSample(sample)}`);
        } catch (err) {
          const reason = `failed: ${err instanceof Error ? err.message : String(err)}`;
          for (const row of rows) Object.assign(row, { status: "failed", reason });
          log(`${spec.name} ${tag}: ${reason}`);
        }
      }
    }
    rowsByLine.forEach((rows, i) => {
      for (const row of rows) if (row.status === "ok") row.figures = medianFigures(row.samples);
      results[i]!.workloads.push(scoreWorkload(spec, n, rows, options.byCpu));
    });
  }

  return {
    generatedAt: new Date().toISOString(),
    lines: results,
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
  };
}

/** `name` is the child's CPU profile's name: workload, implementation, Node line and round. */
function nodeFlags(options: BenchOptions, name: string, metric: Metric): string[] {
  const flags = ["--expose-gc"];
  if (metric === "heap") flags.push("--max-old-space-size=8192");
  if (options.cpuProf !== undefined) {
    flags.push("--cpu-prof", `--cpu-prof-dir=${path.resolve(options.cpuProf)}`, `--cpu-prof-name=${name}.cpuprofile`);
  }
  return flags;
}

function withinBounds(ratio: number, target: Target): boolean {
  return (target.max === undefined || ratio <= target.max) && (target.min === undefined || ratio >= target.min);
}

/**
 * Adds ratios (subject ÷ each row, per metric shown) and checks the targets of a workload's rows
 * on one Node line.
 *
 * @example
 * ```ts
 * const result = scoreWorkload(spec, 1000, rows);
 * result.targets.filter((t) => t.met === false);
 * ```
 */
export function scoreWorkload(spec: WorkloadSpec, n: number, rows: RowResult[], byCpu = false): WorkloadResult {
  const metric: Metric = byCpu && spec.metric === "wall" && spec.wallOnly !== true ? "cpu" : spec.metric;
  const metrics = [metric, ...(spec.extraMetrics ?? [])];
  const value = (impl: string, m: Metric): number | undefined => {
    const figures = rows.find((row) => row.impl === impl)?.figures;
    return figures === undefined ? undefined : metricOf(figures, m);
  };
  for (const m of metrics) {
    const subject = value(spec.subject, m);
    for (const row of rows) {
      const own = row.figures === undefined ? undefined : metricOf(row.figures, m);
      if (row.impl !== spec.subject && subject !== undefined && own !== undefined && own > 0) row.ratios[m] = subject / own;
    }
  }
  const targets = spec.targets
    .filter((target) => rows.some((row) => row.impl === target.subject) && rows.some((row) => row.impl === target.vs))
    .map((target): TargetResult => {
      const on = target.metric ?? metric;
      const a = value(target.subject, on);
      const b = value(target.vs, on);
      if (a === undefined || b === undefined || b <= 0) return { ...target, metric: on };
      const ratio = a / b;
      return { ...target, metric: on, ratio, met: withinBounds(ratio, target) };
    });
  const result: WorkloadResult = {
    name: spec.name,
    what: spec.what,
    unit: spec.unit,
    n,
    metric,
    metrics,
    subject: spec.subject,
    rows,
    targets,
  };
  const subject = value(spec.subject, metric);
  if (spec.limit !== undefined && rows.some((row) => row.impl === spec.subject)) {
    result.limit = { ...spec.limit };
    if (subject !== undefined) Object.assign(result.limit, { value: subject, met: subject <= spec.limit.max });
  }
  return result;
}
