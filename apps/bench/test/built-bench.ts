import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { BENCH_ROOT } from "../src/paths.js";

/**
 * Builds the bench's dist/ unless it is there: the children run the built JavaScript, and
 * `pnpm test` builds first but a bare `vitest run` may not have.
 */
export function ensureBuilt(): void {
  const wanted = ["child.js", "http-load.js"].map((file) => path.join(BENCH_ROOT, "dist", file));
  if (wanted.every((file) => existsSync(file))) return;
  execFileSync(process.execPath, [path.join(BENCH_ROOT, "../../node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: BENCH_ROOT,
  });
}
