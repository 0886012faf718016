import type { Metric } from "./catalog.js";
import { formatNumber, formatRatio } from "./format.js";
import { formatMetric, METRICS, metricOf } from "./metric.js";
import type { LineResult, RowResult, SuiteResult, TargetResult, WorkloadResult } from "./suite.js";

/** A verdict on one line: ✓ met, ✗ missed, ? no figures; in parentheses when the line is not gated. */
function mark(met: boolean | undefined, gated: boolean): string {
  const sign = met === undefined ? "?" : met ? "✓" : "✗";
  return gated ? sign : `(${sign})`;
}

/** The overall verdict of a target: over the gated lines only; `·` when the run has none. */
function verdict(marks: { met: boolean | undefined; gated: boolean }[]): string {
  const gated = marks.filter((m) => m.gated);
  if (gated.length === 0) return "·";
  if (gated.some((m) => m.met === false)) return "✗";
  return gated.every((m) => m.met === true) ? "✓" : "?";
}

function bound(target: { max?: number; min?: number }): string {
  const parts: string[] = [];
  if (target.min !== undefined) parts.push(`≥ ${formatRatio(target.min)}`);
  if (target.max !== undefined) parts.push(`≤ ${formatRatio(target.max)}`);
  return parts.join(", ");
}

/** The same workload's result on every line (all lines run the same selection, in one order). */
function across(suite: SuiteResult, index: number): { line: LineResult; workload: WorkloadResult }[] {
  return suite.lines.map((line) => ({ line, workload: line.workloads[index]! }));
}

/** The cell's verdicts, one per line: `✓` alone for one line, `✓ 26 · ✗ 24 · (✗) 20` for several. */
function marksCell(suite: SuiteResult, met: (line: LineResult, i: number) => boolean | undefined): string {
  const marks = suite.lines.map((line, i) => mark(met(line, i), line.gated));
  if (suite.lines.length === 1) return marks[0]!;
  return marks.map((m, i) => `${m} ${suite.lines[i]!.major}`).join(" · ");
}

function targetCell(suite: SuiteResult, index: number, metric: Metric, row: RowResult): string {
  const head = suite.lines[0]!.workloads[index]!;
  if (row.impl === head.subject && metric === head.metric && head.limit !== undefined) {
    const { max } = head.limit;
    return `≤ ${max} B ${marksCell(suite, (line) => line.workloads[index]!.limit?.met)}`;
  }
  const find = (w: WorkloadResult): TargetResult | undefined =>
    w.targets.find((t) => t.subject === w.subject && t.vs === row.impl && t.metric === metric);
  const target = find(head);
  if (target === undefined) return "";
  return `${bound(target)} ${marksCell(suite, (line) => find(line.workloads[index]!)?.met)}`;
}

/** The table keeps one short line; the full reason is in the progress log and the JSON. */
function shortReason(row: RowResult): string {
  const first = (row.reason ?? row.status).split("\n")[0]!;
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

function formatCount(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** A table row, and whether it has figures on some line (else its reason spans the columns). */
interface TableRow {
  cells: string[];
  hasFigures: boolean;
}

function header(suite: SuiteResult): string[] {
  const perLine = suite.lines.flatMap((line) => [`Node ${line.node.replace(/^v/, "")}`, "tsio ÷ this"]);
  return ["workload", "impl", "metric", ...perLine, "target"];
}

function tableRows(suite: SuiteResult): TableRow[] {
  const out: TableRow[] = [];
  suite.lines[0]!.workloads.forEach((head, index) => {
    const lines = across(suite, index);
    for (const metric of head.metrics) {
      head.rows.forEach((headRow, r) => {
        const rows = lines.map(({ workload }) => workload.rows[r]!);
        const impl = headRow.n === head.n ? headRow.impl : `${headRow.impl} (n=${formatCount(headRow.n)})`;
        const hasFigures = rows.some((row) => row.figures !== undefined);
        const perLine = rows.flatMap((row) => {
          const value = row.figures === undefined ? undefined : metricOf(row.figures, metric);
          if (value === undefined) return [hasFigures ? "—" : shortReason(row), ""];
          const ratio = row.ratios[metric];
          return [formatMetric(metric, value), ratio === undefined ? "" : formatRatio(ratio)];
        });
        const cells = [head.name, impl, METRICS[metric].unit, ...perLine, targetCell(suite, index, metric, headRow)];
        out.push({ cells, hasFigures });
      });
    }
  });
  return out;
}

/**
 * One line per target and per absolute limit, with the figure on each Node line. It starts with
 * the verdict over the gated lines (✓ met on all, ✗ missed on one, ? no figures, · none gated);
 * a line that is not gated shows its verdict in parentheses.
 *
 * @example
 * ```ts
 * for (const line of targetLines(suite)) console.log(line);
 * ```
 */
export function targetLines(suite: SuiteResult): string[] {
  const out: string[] = [];
  const many = suite.lines.length > 1;
  const where = (line: LineResult): string => (many ? `Node ${line.major} ` : "");
  suite.lines[0]!.workloads.forEach((head, index) => {
    const lines = across(suite, index);
    head.targets.forEach((target, t) => {
      const per = lines.map(({ line, workload }) => ({ line, result: workload.targets[t]! }));
      const figures = per.map(({ line, result }) => {
        const ratio = result.ratio === undefined ? "no figures" : formatRatio(result.ratio);
        return `${where(line)}${ratio} ${mark(result.met, line.gated)}`;
      });
      const on = target.metric === head.metric ? "" : ` of ${METRICS[target.metric].unit}`;
      const sign = verdict(per.map(({ line, result }) => ({ met: result.met, gated: line.gated })));
      out.push(
        `${sign} ${head.name}: ${target.subject} ÷ ${target.vs}${on} = ${figures.join(", ")} (need ${bound(target)}: ${target.text})`,
      );
    });
    if (head.limit !== undefined) {
      const figures = lines.map(({ line, workload }) => {
        const value = workload.limit?.value === undefined ? "no figures" : `${formatNumber(workload.limit.value)} B`;
        return `${where(line)}${value} ${mark(workload.limit?.met, line.gated)}`;
      });
      const sign = verdict(lines.map(({ line, workload }) => ({ met: workload.limit?.met, gated: line.gated })));
      out.push(`${sign} ${head.name}: ${head.subject} = ${figures.join(", ")} per ${head.unit} (${head.limit.text})`);
    }
  });
  return out;
}

/**
 * How many targets hold on the gated lines, in one sentence.
 *
 * @example
 * ```ts
 * summaryLine(suite); // "Gated on Node 26, 24: 14 met, 3 missed."
 * ```
 */
export function summaryLine(suite: SuiteResult): string {
  const gated = suite.lines.filter((line) => line.gated);
  if (gated.length === 0) {
    return "No gated Node line in this run (targets are gated on Node 24 and later): verdicts in parentheses are reported only.";
  }
  const verdicts = targetLines(suite).map((line) => line[0]);
  const count = (sign: string): number => verdicts.filter((v) => v === sign).length;
  const unknown = count("?") > 0 ? `, ${count("?")} without figures` : "";
  return `Gated on Node ${gated.map((line) => line.major).join(", ")}: ${count("✓")} met, ${count("✗")} missed${unknown}.`;
}

function caption(suite: SuiteResult): string {
  const python = suite.python ?? "python3 not found";
  const mode = `${suite.quick ? "quick" : "full"}${suite.partial ? " (partial)" : ""}`;
  const by = suite.byCpu ? ", ratios by CPU time" : "";
  const busy = Math.max(...suite.load) > suite.cpus ? " (busy machine: treat wall times with care)" : "";
  // Workloads may take their own number of repeats (1 where the figure is steady, 5 for toThread).
  const counts = suite.lines
    .flatMap((line) => line.workloads.flatMap((w) => w.rows.map((r) => r.samples.length)))
    .filter((c) => c > 1);
  const least = counts.length > 0 ? Math.min(...counts) : suite.repeats;
  const most = counts.length > 0 ? Math.max(...counts) : suite.repeats;
  const repeats = least === most ? String(most) : `${least}–${most}`;
  const nodes = suite.lines.map((line) => `${line.node}${line.gated ? "" : " (not gated)"}`).join(", ");
  return `${mode} run${by}, median of ${repeats}, Node ${nodes}, ${python}, ${suite.cpus}× ${suite.cpuModel}, ${(suite.durationMs / 1000).toFixed(0)} s, load ${suite.load.join(" → ")}${busy}`;
}

/**
 * The results as an aligned plain-text table (one column pair per Node line, ratios within each
 * line) followed by the target checks.
 *
 * @example
 * ```ts
 * console.log(textReport(suite));
 * ```
 */
export function textReport(suite: SuiteResult): string {
  const head = header(suite);
  const rows = tableRows(suite);
  const last = head.length - 1;
  // A row without figures anywhere has its reason in the first figure column and nothing after
  // it but the target: leave it out of the widths and let it run across the empty columns.
  const measured = [{ cells: head, hasFigures: true }, ...rows.filter((row) => row.hasFigures)];
  const widths = head.map((_, col) => Math.max(...measured.map((row) => (row.cells[col] ?? "").length)));
  const numeric = (col: number): boolean => col >= 3 && col < last;
  const format = (row: TableRow): string => {
    if (!row.hasFigures) {
      const [name, impl, metric, reason] = row.cells;
      return `${name!.padEnd(widths[0]!)}  ${impl!.padEnd(widths[1]!)}  ${metric!.padEnd(widths[2]!)}  ${reason}  ${row.cells[last]}`.trimEnd();
    }
    return row.cells
      .map((cell, col) => (numeric(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join("  ")
      .trimEnd();
  };
  const out = [caption(suite), "", format({ cells: head, hasFigures: true }), widths.map((w) => "-".repeat(w)).join("  ")];
  let previous = "";
  for (const row of rows) {
    if (previous !== "" && row.cells[0] !== previous) out.push("");
    previous = row.cells[0]!;
    out.push(format(row));
  }
  const targets = targetLines(suite);
  out.push("", "Targets:", ...(targets.length > 0 ? targets.map((l) => `  ${l}`) : ["  (none for these workloads)"]));
  if (targets.length > 0) out.push("", summaryLine(suite));
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
  const head = header(suite);
  const escapeCell = (cell: string): string => cell.replaceAll("|", "\\|");
  const line = (cells: string[]): string => `| ${cells.map(escapeCell).join(" | ")} |`;
  const align = head.map((_, col) => (col >= 3 && col < head.length - 1 ? "---:" : "---"));
  const targets = targetLines(suite);
  return [
    `_${caption(suite)}_`,
    "",
    line(head),
    `| ${align.join(" | ")} |`,
    ...tableRows(suite).map((row) => line(row.cells)),
    "",
    ...targets.map((l) => `- ${l}`),
    ...(targets.length > 0 ? ["", summaryLine(suite)] : []),
    "",
  ].join("\n");
}
