import { type ChildProcess, spawn } from "node:child_process";
import { appDir, ensureBuilt } from "./built-cli.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args`, calling `onLine` for each stdout line as it arrives. */
export function spawnCli(
  args: readonly string[],
  options: { onLine?: (line: string, child: ChildProcess) => void; killAfterMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const cli = ensureBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: appDir,
      stdio: ["ignore", "pipe", "pipe"],
      env: options.env === undefined ? process.env : { ...process.env, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      partial += chunk;
      let newline = partial.indexOf("\n");
      while (newline >= 0) {
        options.onLine?.(partial.slice(0, newline), child);
        partial = partial.slice(newline + 1);
        newline = partial.indexOf("\n");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 15_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
