/**
 * One measurement in a fresh process: `node dist/child.js <workload> <impl> <n> [warmupN]`.
 * Prints one JSON `Sample` line on stdout, then exits without waiting for what the workload left
 * pending (the memory workload leaves a million sleepers on purpose).
 */
import { findWorkload } from "./catalog.js";
import type { ImplTable } from "./impl.js";

async function main(argv: readonly string[]): Promise<void> {
  const [workload = "", implName = "", nText = "", warmText = "0"] = argv;
  const spec = findWorkload(workload);
  if (spec === undefined) throw new Error(`unknown workload "${workload}"`);
  const n = Number(nText);
  const warm = Number(warmText);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`n must be a positive integer, got "${nText}"`);
  const mod = (await import(`./workloads/${workload}.js`)) as { impls: ImplTable };
  const impl = mod.impls[implName];
  if (impl === undefined) throw new Error(`workload "${workload}" has no implementation "${implName}"`);
  if (Number.isInteger(warm) && warm > 0) await impl(warm);
  const sample = await impl(n);
  process.stdout.write(`${JSON.stringify(sample)}\n`, () => process.exit(0));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
