import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The built entry of @tsio/tasks: child processes import it as a user's script would. */
export const tasksDist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** The package directory: children run there so bare `@tsio/loop` imports resolve as for a user. */
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** `import { ... } from "<built @tsio/tasks>"` for a child script. */
export function importTasks(names: string): string {
  if (!existsSync(tasksDist)) throw new Error(`build @tsio/tasks first: ${tasksDist} is missing`);
  return `import { ${names} } from ${JSON.stringify(pathToFileURL(tasksDist).href)};`;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Real time from spawn to exit, in ms. */
  ms: number;
  /** Real time from the first stdout line equal to `markLine` to exit, in ms (NaN if never seen). */
  msAfterMark: number;
}

export interface ChildOptions {
  /** Extra flags for node (before the script). */
  nodeArgs?: string[];
  /** Called once for every complete stdout line, with the child process. */
  onLine?: (line: string, child: import("node:child_process").ChildProcess) => void;
  /** A stdout line whose arrival starts the `msAfterMark` stopwatch. */
  markLine?: string;
  /** Kill the child after this long (ms); default 4 s, inside vitest's 5 s test timeout. */
  killAfterMs?: number;
}

/** Runs `script` as an ES module in a fresh node process and collects what it did. */
export function runNodeScript(script: string, options: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let markAt = Number.NaN;
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--input-type=module", "-e", script], {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      partial += text;
      let nl = partial.indexOf("\n");
      while (nl >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        if (line === options.markLine && Number.isNaN(markAt)) markAt = performance.now();
        options.onLine?.(line, child);
        nl = partial.indexOf("\n");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 4000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      const end = performance.now();
      resolve({ code, signal, stdout, stderr, ms: end - start, msAfterMark: end - markAt });
    });
  });
}
