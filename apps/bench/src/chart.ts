import { formatRatio } from "./format.js";
import { METRICS } from "./metric.js";
import type { SuiteResult, TargetResult, WorkloadResult } from "./suite.js";

interface Bar {
  label: string;
  ratio: number | undefined;
  max?: number;
  min?: number;
  met?: boolean;
}

function barFor(label: string, ratio: number | undefined, target: TargetResult | undefined): Bar {
  return {
    label,
    ratio,
    ...(target?.max !== undefined && { max: target.max }),
    ...(target?.min !== undefined && { min: target.min }),
    ...(target?.met !== undefined && { met: target.met }),
  };
}

/** Every ratio of one Node line, in table order; the same labels in the same order on every line. */
function collectBars(workloads: readonly WorkloadResult[]): Bar[] {
  const bars: Bar[] = [];
  for (const workload of workloads) {
    for (const metric of workload.metrics) {
      const what = metric === workload.metric ? "" : ` (${METRICS[metric].unit})`;
      for (const row of workload.rows) {
        if (row.impl === workload.subject) continue;
        const target = workload.targets.find((t) => t.subject === workload.subject && t.vs === row.impl && t.metric === metric);
        if (row.ratios[metric] === undefined && target === undefined) continue;
        bars.push(barFor(`${workload.name}: ${workload.subject} ÷ ${row.impl}${what}`, row.ratios[metric], target));
      }
    }
    for (const target of workload.targets) {
      if (target.subject === workload.subject) continue;
      bars.push(barFor(`${workload.name}: ${target.subject} ÷ ${target.vs}`, target.ratio, target));
    }
  }
  return bars;
}

/** Marker colours for the lines beside the headline one. */
const MARKERS = ["#1f4e9e", "#b5651d", "#6a3d9a"];

const escapeXml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * An SVG bar chart of every ratio (tsio ÷ peer) on a log scale, for the headline (first) Node
 * line; the other lines' ratios are dots on the same row. Bars left of the 1x line are where tsio
 * is faster or smaller, except for requests/s, where more is better. Green bars meet their
 * target, red ones miss it, grey ones have none; a dashed tick marks each target.
 *
 * @example
 * ```ts
 * writeFileSync("results/latest.svg", ratioChart(suite));
 * ```
 */
export function ratioChart(suite: SuiteResult): string {
  const [headline, ...others] = suite.lines;
  const bars = collectBars(headline?.workloads ?? []);
  const beside = others.map((line) => collectBars(line.workloads));
  const labelWidth = 360;
  const plotWidth = 560;
  const rowHeight = 22;
  const top = others.length > 0 ? 74 : 56;
  const width = labelWidth + plotWidth + 90;
  const height = top + Math.max(1, bars.length) * rowHeight + 40;
  const values = [...bars, ...beside.flat()].flatMap((bar) =>
    [bar.ratio, bar.max, bar.min].filter((v): v is number => v !== undefined && v > 0),
  );
  const lo = Math.floor(Math.log10(Math.min(0.1, ...values)));
  const hi = Math.ceil(Math.log10(Math.max(10, ...values)));
  const x = (ratio: number): number => labelWidth + ((Math.log10(ratio) - lo) / (hi - lo)) * plotWidth;
  const run = `${suite.quick ? "quick" : "full"}${suite.partial ? " (partial)" : ""} run ${suite.generatedAt.slice(0, 10)}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    "<title>tsio ÷ peer ratios from the latest benchmark run</title>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">tsio ÷ peer (log scale; left of 1x = tsio faster or smaller; req/s: right is better)</text>`,
    `<text x="12" y="40" fill="#555">${escapeXml(`${run}, bars: Node ${headline?.node ?? "?"}, ${suite.cpus} CPUs`)}</text>`,
  ];
  others.forEach((line, i) => {
    const lx = 12 + i * 130;
    out.push(
      `<circle cx="${lx + 5}" cy="54" r="4" fill="${MARKERS[i % MARKERS.length]}"/>`,
      `<text x="${lx + 14}" y="58" fill="#555">${escapeXml(`Node ${line.node}`)}</text>`,
    );
  });
  for (let decade = lo; decade <= hi; decade++) {
    const gx = x(10 ** decade).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 30}" stroke="${decade === 0 ? "#333" : "#ddd"}"/>`,
      `<text x="${gx}" y="${height - 14}" text-anchor="middle" fill="#555">${Number((10 ** decade).toPrecision(1))}x</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    out.push(`<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (bar.ratio !== undefined) {
      const x0 = x(1);
      const x1 = x(bar.ratio);
      const color = bar.met === undefined ? "#8a94a6" : bar.met ? "#2e9e5b" : "#d64545";
      out.push(
        `<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`,
        `<text x="${(Math.max(x0, x1) + 6).toFixed(1)}" y="${y + 14}" fill="#333">${escapeXml(formatRatio(bar.ratio))}</text>`,
      );
    }
    for (const bound of [bar.max, bar.min]) {
      if (bound === undefined) continue;
      const tx = x(bound).toFixed(1);
      out.push(
        `<line x1="${tx}" y1="${y}" x2="${tx}" y2="${y + rowHeight - 2}" stroke="#111" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    }
    beside.forEach((lineBars, l) => {
      const ratio = lineBars[i]?.label === bar.label ? lineBars[i]?.ratio : undefined;
      if (ratio === undefined) return;
      out.push(`<circle cx="${x(ratio).toFixed(1)}" cy="${y + 10}" r="3.5" fill="${MARKERS[l % MARKERS.length]}" stroke="#fff"/>`);
    });
  });
  out.push("</svg>", "");
  return out.join("\n");
}
