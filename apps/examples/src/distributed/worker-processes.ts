import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `tsio-worker` bin of the installed @tsio/bullmq. */
const WORKER_BIN = join(dirname(createRequire(import.meta.url).resolve("@tsio/bullmq/package.json")), "dist", "worker-bin.js");
const TILES = fileURLToPath(new URL("./tiles.js", import.meta.url));

/** One `tsio-worker` child process whose lines are printed as they come. */
export interface WorkerProcess {
  readonly pid: number;
  /** Settles when it has exited. */
  readonly exited: Promise<void>;
  /** Asks it to stop (SIGTERM: running jobs finish) and waits. */
  stop(): Promise<void>;
}

/**
 * Starts a worker serving `tiles` on `queue`, in its own process group so the terminal's Ctrl-C
 * reaches only the caller (whose cancellation then reaches the jobs through Redis).
 */
export function startWorker(port: number, queue: string, print: (line: string) => void): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [WORKER_BIN, "--queue", queue, "--module", `tiles=${TILES}`, "--concurrency", "4", "--redis", `redis://127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let partial = "";
    child.once("exit", (code) => reject(new Error(`tsio-worker exited with code ${code} before it served`)));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      partial += chunk;
      let newline = partial.indexOf("\n");
      while (newline >= 0) {
        const line = partial.slice(0, newline);
        partial = partial.slice(newline + 1);
        print(line);
        if (line.includes("serving queue")) {
          resolve({
            pid: child.pid as number,
            exited,
            async stop() {
              if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
              await exited;
            },
          });
        }
        newline = partial.indexOf("\n");
      }
    });
  });
}
