import { formatRatio } from "./format.js";
import type { SuiteResult } from "./suite.js";

interface Bar {
  label: string;
  ratio: number;
  max?: number;
  met?: boolean;
}

function collectBars(suite: SuiteResult): Bar[] {
  const bars: Bar[] = [];
  for (const workload of suite.workloads) {
    for (const row of workload.rows) {
      if (row.ratio === undefined) continue;
      const target = workload.targets.find((t) => t.subject === workload.subject && t.vs === row.impl);
      bars.push({
        label: `${workload.name}: ${workload.subject} ÷ ${row.impl}`,
        ratio: row.ratio,
        ...(target !== undefined && { max: target.max }),
        ...(target?.met !== undefined && { met: target.met }),
      });
    }
    for (const target of workload.targets) {
      if (target.subject === workload.subject || target.ratio === undefined) continue;
      bars.push({
        label: `${workload.name}: ${target.subject} ÷ ${target.vs}`,
        ratio: target.ratio,
        max: target.max,
        ...(target.met !== undefined && { met: target.met }),
      });
    }
  }
  return bars;
}

const escapeXml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * An SVG bar chart of every ratio (tsio ÷ peer) on a log scale: bars left of the 1x line are where
 * tsio is faster or smaller. Green bars meet their target, red ones miss it, grey ones have none;
 * a dashed tick marks each target.
 *
 * @example
 * ```ts
 * writeFileSync("results/latest.svg", ratioChart(suite));
 * ```
 */
export function ratioChart(suite: SuiteResult): string {
  const bars = collectBars(suite);
  const labelWidth = 330;
  const plotWidth = 560;
  const rowHeight = 22;
  const top = 56;
  const width = labelWidth + plotWidth + 90;
  const height = top + Math.max(1, bars.length) * rowHeight + 40;
  const values = bars.flatMap((bar) => (bar.max === undefined ? [bar.ratio] : [bar.ratio, bar.max]));
  const lo = Math.floor(Math.log10(Math.min(0.1, ...values)));
  const hi = Math.ceil(Math.log10(Math.max(10, ...values)));
  const x = (ratio: number): number => labelWidth + ((Math.log10(ratio) - lo) / (hi - lo)) * plotWidth;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    "<title>tsio ÷ peer ratios from the latest benchmark run</title>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">tsio ÷ peer (log scale; left of 1x = tsio faster or smaller)</text>`,
    `<text x="12" y="40" fill="#555">${escapeXml(`${suite.quick ? "quick" : "full"}${suite.partial ? " (partial)" : ""} run ${suite.generatedAt.slice(0, 10)}, Node ${suite.node}, ${suite.cpus} CPUs`)}</text>`,
  ];
  for (let decade = lo; decade <= hi; decade++) {
    const gx = x(10 ** decade).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 30}" stroke="${decade === 0 ? "#333" : "#ddd"}"/>`,
      `<text x="${gx}" y="${height - 14}" text-anchor="middle" fill="#555">${Number((10 ** decade).toPrecision(1))}x</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const x0 = x(1);
    const x1 = x(bar.ratio);
    const color = bar.met === undefined ? "#8a94a6" : bar.met ? "#2e9e5b" : "#d64545";
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`,
      `<text x="${(Math.max(x0, x1) + 6).toFixed(1)}" y="${y + 14}" fill="#333">${escapeXml(formatRatio(bar.ratio))}</text>`,
    );
    if (bar.max !== undefined) {
      const tx = x(bar.max).toFixed(1);
      out.push(
        `<line x1="${tx}" y1="${y}" x2="${tx}" y2="${y + rowHeight - 2}" stroke="#111" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    }
  });
  out.push("</svg>", "");
  return out.join("\n");
}
