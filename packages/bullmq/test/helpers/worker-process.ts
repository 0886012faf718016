import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../dist/worker-bin.js", import.meta.url));
/** The job module the test workers serve, as `jobs`. */
export const JOBS = fileURLToPath(new URL("../fixtures/jobs.mjs", import.meta.url));

/** A `tsio-worker` child process and what it printed. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (so far or to come) matching `pattern`; rejects after `ms`. */
  waitForLine(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the built `tsio-worker` bin on `queue` (serving the fixture `jobs`), and waits until it serves. */
export async function startWorker(port: number, queue: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [BIN, "--queue", queue, "--module", `jobs=${JOBS}`, "--redis", `redis://127.0.0.1:${port}`, ...extra],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    let newline = partial.indexOf("\n");
    while (newline >= 0) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
      newline = partial.indexOf("\n");
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const waitForLine = (pattern: RegExp, ms = 10_000) => {
    const seen = lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${child.pid} printed no line matching ${pattern} in ${ms} ms; it printed:\n${lines.join("\n")}\n${stderr}`)), ms);
      waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };
  const worker: WorkerProcess = { child, pid: child.pid as number, lines, waitForLine, exited };
  await worker.waitForLine(/serving queue/);
  return worker;
}

/** Kills what is still running (SIGKILL), for afterEach. */
export async function killAll(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.splice(0).map(async (worker) => {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
      await worker.exited;
    }),
  );
}

/** A queue name of its own for each test. */
export function queueName(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}
