import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { HTTP_CONNECTIONS } from "./catalog.js";
import { BENCH_ROOT } from "./paths.js";
import type { Sample } from "./sample.js";
import { spawnJson } from "./spawn-sample.js";

/**
 * What one autocannon run measured, as the load child (`dist/http-load.js`) prints it.
 *
 * @example
 * ```ts
 * const load: LoadResult = { ok: 5000, failed: 0, seconds: 5.01, p50Ms: 2, p99Ms: 6 };
 * ```
 */
export interface LoadResult {
  /** Responses with a 2xx status. */
  ok: number;
  /** Non-2xx responses, connection errors and timeouts. */
  failed: number;
  /** How long the load ran, as autocannon measured it. */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/** Past the load's own length: autocannon is stuck, and the sample is lost rather than the run. */
const GRACE_MS = 30_000;

function isLoadResult(value: unknown): value is LoadResult {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return ["ok", "failed", "seconds", "p50Ms", "p99Ms"].every((key) => typeof record[key] === "number");
}

function runLoad(url: string, seconds: number): Promise<LoadResult> {
  const args = [path.join(BENCH_ROOT, "dist", "http-load.js"), url, String(HTTP_CONNECTIONS), String(seconds)];
  return spawnJson(process.execPath, args, seconds * 1000 + GRACE_MS, isLoadResult);
}

/**
 * Serves `server` on a free loopback port while autocannon loads it from another process for
 * `seconds`, then closes it. The sample counts the 2xx responses over autocannon's own duration,
 * the server process's CPU time meanwhile and autocannon's latency percentiles; any failed
 * request fails the sample, since a fast wrong server is no figure.
 *
 * @example
 * ```ts
 * const sample = await underLoad(createServer((req, res) => res.end("{}")), 2);
 * ```
 */
export async function underLoad(server: Server, seconds: number): Promise<Sample> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  try {
    const { port } = server.address() as AddressInfo;
    const cpu = process.cpuUsage();
    const load = await runLoad(`http://127.0.0.1:${port}/`, seconds);
    const used = process.cpuUsage(cpu);
    if (load.failed > 0 || load.ok === 0) {
      throw new Error(`${load.failed} of ${load.ok + load.failed} requests failed (non-2xx, errors or timeouts)`);
    }
    return {
      n: load.ok,
      wallNs: load.seconds * 1e9,
      cpuNs: (used.user + used.system) * 1000,
      heapBytes: process.memoryUsage().heapUsed,
      heapDeltaBytes: 0,
      latencyMs: { p50: load.p50Ms, p99: load.p99Ms },
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
