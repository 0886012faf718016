import { readFileSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "..", "..");

/**
 * How to run pnpm from a script: the pnpm that started us (`pnpm run` sets npm_execpath), else the
 * version pinned in the root `packageManager` through npx, as the README tells people to.
 *
 * @returns {string[]} the command and its leading arguments
 */
export function pnpmCommand() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by `pnpm run` for its child; not a turbo task input.
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(path.basename(execPath))) return [process.execPath, execPath];
  const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
  const pinned = /^pnpm@(.+)$/.exec(manifest.packageManager ?? "")?.[1] ?? "latest";
  return ["npx", "-y", `pnpm@${pinned}`];
}

/**
 * Builds every package with turbo (cached when nothing changed), through pnpm because turbo looks
 * for the package manager's binary on PATH.
 *
 * @param {(cmd: string, args: string[], options: { cwd: string }) => Promise<{ code: number, stdout: string, stderr: string }>} run
 * @param {string[]} [filter] turbo `--filter` values
 */
export async function buildPackages(run, filter = []) {
  const [cmd, ...lead] = pnpmCommand();
  const filters = filter.map((f) => `--filter=${f}`);
  return run(cmd, [...lead, "exec", "turbo", "run", "build", ...filters, "--output-logs=errors-only"], { cwd: REPO });
}
