import { beforeAll, describe, expect, it } from "vitest";
import { parseOptions } from "../src/options.js";
import { runSuite, type SuiteResult, type WorkloadResult } from "../src/suite.js";
import { ensureBuilt } from "./built-bench.js";

// A short bounded run of the http workload through the whole harness: a loopback server per
// implementation, loaded for one second by autocannon from its own process.
describe("the http workload", () => {
  let suite: SuiteResult;
  let http: WorkloadResult;

  beforeAll(async () => {
    ensureBuilt();
    suite = await runSuite(parseOptions(["--filter", "http", "--impl", "tsio,plain", "--n", "1", "--repeats", "1"]), () => {});
    http = suite.lines[0]!.workloads[0]!;
  }, 120_000);

  it("serves every request and reports requests/s with p50 and p99 latency", () => {
    expect(http.name).toBe("http");
    expect(http.metrics).toEqual(["rps", "p50", "p99"]);
    for (const row of http.rows) {
      expect(row.status, row.reason).toBe("ok");
      const [s] = row.samples;
      expect(s!.n).toBeGreaterThan(100);
      expect(s!.wallNs).toBeGreaterThan(0.9e9);
      expect(s!.latencyMs!.p99).toBeGreaterThanOrEqual(s!.latencyMs!.p50);
      expect(row.figures!.opsPerSec).toBeCloseTo((s!.n * 1e9) / s!.wallNs, 6);
    }
  });

  it("takes tsio ÷ plain for each figure and checks both targets", () => {
    const tsio = http.rows.find((row) => row.impl === "tsio")!;
    const plain = http.rows.find((row) => row.impl === "plain")!;
    expect(plain.ratios.rps).toBeCloseTo(tsio.figures!.opsPerSec / plain.figures!.opsPerSec, 9);
    expect(plain.ratios.p99).toBeCloseTo(tsio.figures!.p99Ms! / plain.figures!.p99Ms!, 9);
    const rps = http.targets.find((t) => t.metric === "rps")!;
    const p99 = http.targets.find((t) => t.metric === "p99")!;
    expect(rps.met).toBe(rps.ratio! >= 0.9);
    expect(p99.met).toBe(p99.ratio! <= 1.2);
  });
});
