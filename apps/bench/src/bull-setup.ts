import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, Socket } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whether `redis-server` is on PATH: the bullmq workloads need one and skip without it.
 *
 * @example
 * ```ts
 * if (!haveRedisServer()) console.log("skipped: redis-server not found");
 * ```
 */
export function haveRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

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
  const port = await freePort();
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const children: ChildProcess[] = [];
  try {
    while (!(await accepts(port))) await new Promise((resolve) => setTimeout(resolve, 20));
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
    await new Promise<void>((resolve) => {
      if (redis.exitCode !== null) return resolve();
      redis.once("exit", () => resolve());
      redis.kill("SIGKILL");
    });
  }
}
