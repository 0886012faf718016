import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRedis } from "../../../scripts/lib/redis-server.mjs";

export { haveRedisServer } from "../../../scripts/lib/redis-server.mjs";

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.once("exit", (code) => reject(new Error(`a bench worker exited with code ${code} before it served:\n${seen}`)));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      seen += chunk;
      if (pattern.test(seen)) resolve();
    });
  });
}

const WORKER_BIN = join(dirname(createRequire(import.meta.url).resolve("@tsio/bullmq/package.json")), "dist", "worker-bin.js");
const ECHO = fileURLToPath(new URL("./workers/echo.js", import.meta.url));
const RAW_WORKER = fileURLToPath(new URL("./workers/bull-raw-worker.js", import.meta.url));

/**
 * Runs `body` against a fresh in-memory redis-server and `workers` worker processes on one queue:
 * `tsio-worker` serving `echo` for `"tsio"`, a raw BullMQ `Worker` returning `job.data.v` for
 * `"raw"`. Setting up and tearing down is not measured: `body` times its own section.
 *
 * @example
 * ```ts
 * const sample = await withBullSetup("raw", 1, 1, async (queueName, port) => measure(queueName, port));
 * ```
 */
export async function withBullSetup<T>(
  kind: "tsio" | "raw",
  workers: number,
  concurrency: number,
  body: (queueName: string, port: number) => Promise<T>,
): Promise<T> {
  const redis = await startRedis();
  const port = redis.port;
  const children: ChildProcess[] = [];
  try {
    const queueName = `bench-${kind}-${process.pid}`;
    for (let i = 0; i < workers; i++) {
      const args =
        kind === "tsio"
          ? [WORKER_BIN, "--queue", queueName, "--module", `echo=${ECHO}`, "--concurrency", String(concurrency), "--redis", `redis://127.0.0.1:${port}`]
          : [RAW_WORKER, String(port), queueName, String(concurrency)];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
      children.push(child);
      await waitForLine(child, /serving queue/);
    }
    return await body(queueName, port);
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    await redis.stop();
  }
}
