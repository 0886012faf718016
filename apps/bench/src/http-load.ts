/**
 * The http workload's load generator, in a process of its own so that it does not share the
 * server's event loop: `node dist/http-load.js <url> <connections> <seconds>`. Runs autocannon for
 * that long (it stops by itself) and prints one JSON `LoadResult` line.
 */
import autocannon from "autocannon";
import type { LoadResult } from "./under-load.js";

async function main(argv: readonly string[]): Promise<void> {
  const [url = "", connectionsText = "", secondsText = ""] = argv;
  const connections = Number(connectionsText);
  const duration = Number(secondsText);
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`the load goes to a loopback url, got "${url}"`);
  if (!Number.isInteger(connections) || connections <= 0) throw new Error(`connections must be a positive integer, got "${connectionsText}"`);
  if (!(duration > 0)) throw new Error(`seconds must be positive, got "${secondsText}"`);
  const result = await autocannon({ url, connections, duration });
  const load: LoadResult = {
    ok: result["2xx"],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
  process.stdout.write(`${JSON.stringify(load)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
