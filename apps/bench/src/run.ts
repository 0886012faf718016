/**
 * `pnpm bench`: runs the workloads for tsio and every peer, prints the table and writes
 * `latest.json`, `latest.md` and `latest.svg` (to `results/` for a full run, `.tmp/` otherwise).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WORKLOADS } from "./catalog.js";
import { ratioChart } from "./chart.js";
import { type BenchOptions, parseOptions, USAGE } from "./options.js";
import { BENCH_ROOT } from "./paths.js";
import { markdownReport, textReport } from "./report.js";
import { runSuite } from "./suite.js";

function outputDir(options: BenchOptions): string {
  if (options.out !== undefined) return path.resolve(options.out);
  const partial = options.quick || options.filter.length > 0 || options.impls.length > 0 || options.n !== undefined;
  return path.join(BENCH_ROOT, partial ? ".tmp" : "results");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.list) {
    for (const spec of WORKLOADS) console.log(`${spec.name.padEnd(20)} n=${spec.n} (quick ${spec.quickN})  ${spec.what}`);
    return;
  }
  const suite = await runSuite(options, (line) => console.error(line));
  console.log(`\n${textReport(suite)}`);
  const dir = outputDir(options);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.json"), `${JSON.stringify(suite, null, 2)}\n`);
  writeFileSync(path.join(dir, "latest.md"), markdownReport(suite));
  writeFileSync(path.join(dir, "latest.svg"), ratioChart(suite));
  console.log(`\nWrote ${path.relative(process.cwd(), dir) || "."}/latest.{json,md,svg}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
