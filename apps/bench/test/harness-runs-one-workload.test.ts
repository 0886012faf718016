import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { WORKLOADS } from "../src/catalog.js";
import { ratioChart } from "../src/chart.js";
import { parseOptions } from "../src/options.js";
import { BENCH_ROOT } from "../src/paths.js";
import { markdownReport, textReport } from "../src/report.js";
import { pythonVersion, runSuite, type SuiteResult } from "../src/suite.js";
import { ensureBuilt } from "./built-bench.js";

beforeAll(ensureBuilt, 120_000);

describe("the bench harness", () => {
  let suite: SuiteResult;
  const log: string[] = [];

  beforeAll(async () => {
    const options = parseOptions(["--", "--filter=spawn-await", "--impl", "tsio,promise,python", "--n", "300", "--repeats", "2"]);
    suite = await runSuite(options, (line) => log.push(line));
  }, 60_000);

  it("runs each implementation in its own child and keeps the median of the repeats", () => {
    expect(suite.lines[0]!.workloads.map((w) => w.name)).toEqual(["spawn-await"]);
    const [workload] = suite.lines[0]!.workloads;
    const tsio = workload!.rows.find((row) => row.impl === "tsio")!;
    const promise = workload!.rows.find((row) => row.impl === "promise")!;
    for (const row of [tsio, promise]) {
      expect(row.status).toBe("ok");
      expect(row.samples).toHaveLength(2);
      expect(row.samples.every((s) => s.n === 300 && s.wallNs > 0)).toBe(true);
      const walls = row.samples.map((s) => s.wallNs / s.n);
      expect(row.figures!.nsPerOp).toBeCloseTo((walls[0]! + walls[1]!) / 2, 6);
    }
    expect(promise.ratios.wall).toBeCloseTo(tsio.figures!.nsPerOp / promise.figures!.nsPerOp, 9);
    expect(log.filter((line) => line.includes("[2/2]"))).toHaveLength(pythonVersion() === null ? 2 : 3);
  });

  it("checks the targets against the measured ratios", () => {
    const target = suite.lines[0]!.workloads[0]!.targets.find((t) => t.vs === "promise")!;
    expect(target.max).toBe(2);
    expect(target.met).toBe(target.ratio! <= 2);
    // Effection was not selected, so its target is not reported at all.
    expect(suite.lines[0]!.workloads[0]!.targets.some((t) => t.vs === "effection")).toBe(false);
  });

  it("reports Python's row, or says plainly that it was skipped", () => {
    const python = suite.lines[0]!.workloads[0]!.rows.find((row) => row.impl === "python")!;
    if (pythonVersion() === null) {
      expect(python.status).toBe("skipped");
      expect(python.reason).toBe("skipped: python3 not found");
    } else {
      expect(python.status).toBe("ok");
      expect(python.figures!.nsPerOp).toBeGreaterThan(0);
    }
  });

  it("prints a table, a Markdown table and an SVG chart of the ratios", () => {
    const text = textReport(suite);
    expect(text).toMatch(/spawn-await\s+tsio\s+ns\/op\s+[\d,.]+/);
    expect(text).toContain("Targets:");
    expect(markdownReport(suite)).toContain("| spawn-await | promise |");
    const svg = ratioChart(suite);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("spawn-await: tsio ÷ promise");
  });
});

describe("the Python side", () => {
  it("implements every workload the catalog gives it", () => {
    const script = readFileSync(path.join(BENCH_ROOT, "bench_asyncio.py"), "utf8");
    const withPython = WORKLOADS.filter((w) => w.impls.some((impl) => impl.runtime === "python"));
    expect(withPython.length).toBeGreaterThan(5);
    for (const workload of withPython) expect(script).toContain(`"${workload.name}":`);
  });
});

