import { formatNumber, formatRate, formatRatio } from "./format.js";
import type { RowResult, SuiteResult, TargetResult, WorkloadResult } from "./suite.js";

const HEADER = ["workload", "impl", "ns/op", "CPU ns/op", "ops/s", "heap B/op", "tsio ÷ this", "target"];

function targetCell(workload: WorkloadResult, row: RowResult): string {
  if (row.impl === workload.subject && workload.limit !== undefined) {
    const { max, value, met } = workload.limit;
    if (value === undefined) return `≤ ${max} B`;
    return `≤ ${max} B ${met ? "✓" : "✗"}`;
  }
  const target = workload.targets.find((t) => t.subject === workload.subject && t.vs === row.impl);
  if (target === undefined) return "";
  const bound = `≤ ${formatRatio(target.max)}`;
  return target.met === undefined ? bound : `${bound} ${target.met ? "✓" : "✗"}`;
}

function cells(workload: WorkloadResult, row: RowResult): string[] {
  const head = [workload.name, row.n === workload.n ? row.impl : `${row.impl} (n=${formatCount(row.n)})`];
  const f = row.figures;
  if (f === undefined) return [...head, shortReason(row), "", "", "", "", targetCell(workload, row)];
  return [
    ...head,
    formatNumber(f.nsPerOp),
    formatNumber(f.cpuNsPerOp),
    formatRate(f.opsPerSec),
    workload.metric === "heap" ? formatNumber(f.heapBytesPerOp) : "",
    row.ratio === undefined ? "" : formatRatio(row.ratio),
    targetCell(workload, row),
  ];
}

function formatCount(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** The table keeps one short line; the full reason is in the progress log and the JSON. */
function shortReason(row: RowResult): string {
  const first = (row.reason ?? row.status).split("\n")[0]!;
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

function tableRows(suite: SuiteResult): string[][] {
  return suite.workloads.flatMap((workload) => workload.rows.map((row) => cells(workload, row)));
}

function targetLine(workload: WorkloadResult, target: TargetResult): string {
  const mark = target.met === undefined ? "?" : target.met ? "✓" : "✗";
  const ratio = target.ratio === undefined ? "no figures" : formatRatio(target.ratio);
  return `${mark} ${workload.name}: ${target.subject} ÷ ${target.vs} = ${ratio} (need ≤ ${formatRatio(target.max)}: ${target.text})`;
}

/**
 * One line per target and per absolute limit: ✓ met, ✗ missed, ? no figures.
 *
 * @example
 * ```ts
 * for (const line of targetLines(suite)) console.log(line);
 * ```
 */
export function targetLines(suite: SuiteResult): string[] {
  const lines: string[] = [];
  for (const workload of suite.workloads) {
    for (const target of workload.targets) lines.push(targetLine(workload, target));
    const limit = workload.limit;
    if (limit !== undefined) {
      const mark = limit.met === undefined ? "?" : limit.met ? "✓" : "✗";
      const value = limit.value === undefined ? "no figures" : `${formatNumber(limit.value)} B`;
      lines.push(`${mark} ${workload.name}: ${workload.subject} = ${value} per ${workload.unit} (${limit.text})`);
    }
  }
  return lines;
}

function header(suite: SuiteResult): string {
  const python = suite.python ?? "python3 not found";
  const mode = `${suite.quick ? "quick" : "full"}${suite.partial ? " (partial)" : ""}`;
  const by = suite.byCpu ? ", ratios by CPU time" : "";
  const busy = Math.max(...suite.load) > suite.cpus ? " (busy machine: treat wall times with care)" : "";
  // Workloads may take their own number of repeats (1 where the figure is steady, 5 for toThread).
  const counts = suite.workloads.flatMap((w) => w.rows.map((r) => r.samples.length)).filter((c) => c > 1);
  const least = counts.length > 0 ? Math.min(...counts) : suite.repeats;
  const most = counts.length > 0 ? Math.max(...counts) : suite.repeats;
  const repeats = least === most ? String(most) : `${least}–${most}`;
  return `${mode} run${by}, median of ${repeats}, Node ${suite.node}, ${python}, ${suite.cpus}× ${suite.cpuModel}, ${(suite.durationMs / 1000).toFixed(0)} s, load ${suite.load.join(" → ")}${busy}`;
}

/**
 * The results as an aligned plain-text table followed by the target checks.
 *
 * @example
 * ```ts
 * console.log(textReport(suite));
 * ```
 */
export function textReport(suite: SuiteResult): string {
  const rows = [HEADER, ...tableRows(suite)];
  // A skipped or failed row has its reason in the first figure column and nothing after it:
  // leave it out of the widths and let it run across the empty columns.
  const hasFigures = (row: string[]): boolean => row[3] !== "" || row === HEADER;
  const widths = HEADER.map((_, col) =>
    Math.max(...rows.filter((row) => col !== 2 || hasFigures(row)).map((row) => (row[col] ?? "").length)),
  );
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (row: string[]): string => {
    if (!hasFigures(row)) return `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}  ${row[7]}`.trimEnd();
    return row
      .map((cell, col) => (numeric.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join("  ")
      .trimEnd();
  };
  const out = [header(suite), "", line(HEADER), widths.map((w) => "-".repeat(w)).join("  ")];
  let previous = "";
  for (const row of rows.slice(1)) {
    if (previous !== "" && row[0] !== previous) out.push("");
    previous = row[0]!;
    out.push(line(row));
  }
  const targets = targetLines(suite);
  out.push("", "Targets:", ...(targets.length > 0 ? targets.map((l) => `  ${l}`) : ["  (none for these workloads)"]));
  return out.join("\n");
}

/**
 * The results as a Markdown table followed by the target checks, for the README.
 *
 * @example
 * ```ts
 * writeFileSync("results/latest.md", markdownReport(suite));
 * ```
 */
export function markdownReport(suite: SuiteResult): string {
  const escapeCell = (cell: string): string => cell.replaceAll("|", "\\|");
  const line = (row: string[]): string => `| ${row.map(escapeCell).join(" | ")} |`;
  const align = HEADER.map((_, col) => (col >= 2 && col <= 6 ? "---:" : "---"));
  return [
    `_${header(suite)}_`,
    "",
    line(HEADER),
    `| ${align.join(" | ")} |`,
    ...tableRows(suite).map(line),
    "",
    ...targetLines(suite).map((l) => `- ${l}`),
    "",
  ].join("\n");
}
