import { describe, expect, it } from "vitest";
import { findWorkload } from "../src/catalog.js";
import { ratioChart } from "../src/chart.js";
import { markdownReport, summaryLine, targetLines, textReport } from "../src/report.js";
import type { Sample } from "../src/sample.js";
import { type LineResult, type RowResult, type SuiteResult, scoreWorkload } from "../src/suite.js";

const sample = (nsPerOp: number): Sample => ({ n: 1000, wallNs: nsPerOp * 1000, cpuNs: nsPerOp * 1000, heapBytes: 0, heapDeltaBytes: 0 });

function row(impl: string, nsPerOp: number): RowResult {
  const s = sample(nsPerOp);
  return {
    impl,
    label: impl,
    n: 1000,
    runtime: "node",
    status: "ok",
    samples: [s],
    figures: { nsPerOp, cpuNsPerOp: nsPerOp, opsPerSec: 1e9 / nsPerOp, heapBytes: 0, heapBytesPerOp: 0 },
    ratios: {},
  };
}

/** spawn-await on one line, scored by the suite's own code: tsio at `tsio` ns/op, promise at 100. */
function line(node: string, tsio: number, gated: boolean): LineResult {
  const spec = findWorkload("spawn-await")!;
  const rows = [row("tsio", tsio), row("promise", 100)];
  return { node, major: Number(node.slice(1).split(".")[0]), gated, workloads: [scoreWorkload(spec, 1000, rows)] };
}

const suite: SuiteResult = {
  generatedAt: "2026-12-02T00:00:00.000Z",
  // Met on 26 (1.5x), missed on 24 (3x), missed on 20 too, which is not gated.
  lines: [line("v26.12.1", 150, true), line("v24.22.3", 300, true), line("v20.20.2", 500, false)],
  python: null,
  platform: "linux x64",
  cpus: 2,
  cpuModel: "test",
  quick: true,
  byCpu: false,
  load: [0.5, 0.5],
  partial: true,
  repeats: 1,
  durationMs: 1000,
};

describe("one column per Node line", () => {
  it("puts the lines side by side, newest first, each with its own ratio", () => {
    const text = textReport(suite);
    const header = text.split("\n").find((l) => l.startsWith("workload"))!;
    expect(header.indexOf("Node 26.12.1")).toBeLessThan(header.indexOf("Node 24.22.3"));
    expect(header.indexOf("Node 24.22.3")).toBeLessThan(header.indexOf("Node 20.20.2"));
    const promise = text.split("\n").find((l) => /^spawn-await\s+promise/.test(l))!;
    expect(promise).toMatch(/100\s+1\.50x\s+100\s+3\.00x\s+100\s+5\.00x/);
  });

  it("marks each target per line and gates the verdict on Node 24 and later only", () => {
    const md = markdownReport(suite);
    expect(md).toContain("| spawn-await | promise | ns/op | 100 | 1.50x | 100 | 3.00x | 100 | 5.00x | ≤ 2.00x ✓ 26 · ✗ 24 · (✗) 20 |");
    const [target] = targetLines(suite);
    expect(target).toBe(
      "✗ spawn-await: tsio ÷ promise = Node 26 1.50x ✓, Node 24 3.00x ✗, Node 20 5.00x (✗) (need ≤ 2.00x: ≤ 2x plain Promises)",
    );
    expect(summaryLine(suite)).toBe("Gated on Node 26, 24: 0 met, 1 missed.");
  });

  it("meets a target only when every gated line meets it, whatever the ungated ones say", () => {
    const good: SuiteResult = { ...suite, lines: [line("v26.12.1", 150, true), line("v24.22.3", 190, true), line("v20.20.2", 900, false)] };
    expect(targetLines(good)[0]!.startsWith("✓ spawn-await")).toBe(true);
    const onlyOld: SuiteResult = { ...suite, lines: [line("v20.20.2", 150, false)] };
    expect(targetLines(onlyOld)[0]).toBe("· spawn-await: tsio ÷ promise = 1.50x (✓) (need ≤ 2.00x: ≤ 2x plain Promises)");
    expect(summaryLine(onlyOld)).toMatch(/No gated Node line in this run/);
  });

  it("charts the headline line as bars and the others as dots on the same row", () => {
    const svg = ratioChart(suite);
    expect(svg).toContain("bars: Node v26.12.1");
    expect(svg).toContain(">Node v24.22.3</text>");
    expect(svg).toContain(">1.50x</text>");
    // One legend dot and one data dot per other line.
    expect(svg.match(/<circle /g)).toHaveLength(4);
  });
});
