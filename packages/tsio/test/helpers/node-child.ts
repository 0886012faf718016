import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The built umbrella: a child script imports it as a user's program would. */
const tsioDist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
/** The package directory: children run there, so the umbrella's own imports resolve. */
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** `import { ... } from "<built tsio>"` for a child script. */
export function importTsio(names: string): string {
  if (!existsSync(tsioDist)) throw new Error(`build tsio first: ${tsioDist} is missing`);
  return `import { ${names} } from ${JSON.stringify(pathToFileURL(tsioDist).href)};`;
}

/** How a child process ended and what it printed. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` as an ES module in a fresh node process; `onLine` sees each stdout line as it
 * arrives (to send a signal at the right moment). The child is killed after `killAfterMs`.
 */
export function runNodeScript(
  script: string,
  onLine: (line: string, child: ChildProcess) => void = () => {},
  killAfterMs = 8000,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      partial += chunk.toString();
      for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
        onLine(partial.slice(0, nl), child);
        partial = partial.slice(nl + 1);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
