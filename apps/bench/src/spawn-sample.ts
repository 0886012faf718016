import { spawn } from "node:child_process";
import { isSample, type Sample } from "./sample.js";

/**
 * Runs one child process and parses the JSON it prints as its last stdout line, checked by
 * `accept`. Rejects with the child's stderr tail if it fails, prints nothing `accept` takes, or
 * outlives `timeoutMs` (then it is killed).
 *
 * @example
 * ```ts
 * const load = await spawnJson(process.execPath, ["dist/http-load.js", url, "32", "5"], 40_000, isLoadResult);
 * ```
 */
export function spawnJson<T>(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  accept: (value: unknown) => value is T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      let parsed: unknown;
      try {
        parsed = JSON.parse(last);
      } catch {
        parsed = undefined;
      }
      if (code === 0 && accept(parsed)) {
        resolve(parsed);
        return;
      }
      const why = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
      const tail = stderr.trim().split("\n").slice(-6).join("\n");
      reject(new Error(`${why}${tail ? `: ${tail}` : ", no result printed"}`));
    });
  });
}

/**
 * Runs one measuring child and parses the `Sample` it prints as its last stdout line.
 *
 * @example
 * ```ts
 * const sample = await spawnSample(process.execPath, ["dist/child.js", "sleep-loop", "tsio", "1000"]);
 * ```
 */
export function spawnSample(command: string, args: readonly string[], timeoutMs = 300_000): Promise<Sample> {
  return spawnJson(command, args, timeoutMs, isSample);
}
