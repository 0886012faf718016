import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The examples app's directory. */
export const appDir = fileURLToPath(new URL("../..", import.meta.url));

/** The built CLI a user runs (`pnpm example ...` runs this file). */
export const cliPath = join(appDir, "dist", "cli.js");

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ matches src/ before a test spawns the CLI: `pnpm test` builds first, but a
 * lone `vitest run` after an edit would otherwise test stale code.
 */
export function ensureBuilt(): string {
  // An incremental build rewrites only what changed, so compare the newest file on each side.
  if (!existsSync(cliPath) || newestFile(join(appDir, "dist")) < newestFile(join(appDir, "src"))) {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", join(appDir, "tsconfig.build.json")], { stdio: "inherit" });
  }
  return cliPath;
}
