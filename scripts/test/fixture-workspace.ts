import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

export const REPO = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

/** A tiny ESM package: one function, its declaration, a README. */
export interface FixturePackage {
  name: string;
  version: string;
  /** Overrides for the generated package.json (e.g. a broken `exports`). */
  manifest?: Record<string, unknown>;
  /** Whether the package gets a LICENSE file (and `files` names it); default true. */
  license?: boolean;
}

/** `pnpm` as the repository pins it, run through npx like everywhere else in this repo. */
export function pnpmArgs(): [string, string[]] {
  const pinned = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).packageManager as string;
  return ["npx", ["-y", pinned]];
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * A pnpm workspace in a fresh temporary folder, outside this repository, laid out like it
 * (`packages/*`), so scripts/verify-packages.mjs can be pointed at it with `--root`.
 */
export function createFixtureWorkspace(packages: FixturePackage[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tsio-fixture-"));
  write(path.join(root, "package.json"), `${JSON.stringify({ name: "fixture-root", private: true }, null, 2)}\n`);
  write(path.join(root, "pnpm-workspace.yaml"), 'packages:\n  - "packages/*"\n');
  for (const pkg of packages) {
    const dir = path.join(root, "packages", pkg.name.replace(/^@[^/]+\//, ""));
    const manifest = {
      name: pkg.name,
      version: pkg.version,
      license: "MIT",
      type: "module",
      sideEffects: false,
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
      files: pkg.license === false ? ["dist"] : ["dist", "LICENSE"],
      ...pkg.manifest,
    };
    write(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    write(path.join(dir, "README.md"), `# ${pkg.name}\n\nA fixture.\n`);
    if (pkg.license !== false) write(path.join(dir, "LICENSE"), "MIT License\n\nA fixture's license.\n");
    write(path.join(dir, "dist", "index.js"), "export function answer() {\n  return 42;\n}\n");
    write(path.join(dir, "dist", "index.d.ts"), "export declare function answer(): number;\n");
  }
  return root;
}

/** Links the fixture's workspace dependencies (pnpm pack needs them to rewrite `workspace:` ranges). */
export async function installFixture(root: string): Promise<void> {
  const [cmd, args] = pnpmArgs();
  await run(cmd, [...args, "install", "--offline", "--silent"], { cwd: root, env: withoutNpmVars() });
}

/** The environment minus a parent `pnpm run`'s `npm_*` variables, which name the repo's config. */
export function withoutNpmVars(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(npm|pnpm)_/i.test(key)) delete env[key];
  return env;
}

/** Runs scripts/verify-packages.mjs against a fixture and returns its exit code and output. */
export async function verifyFixture(root: string): Promise<{ code: number; output: string }> {
  const script = path.join(REPO, "scripts", "verify-packages.mjs");
  try {
    const { stdout, stderr } = await run(process.execPath, [script, "--root", root], { env: withoutNpmVars() });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** The table row of one package in verify-packages' output, as `{ step: status }`. */
export function tableRow(output: string, name: string): Record<string, string> {
  const lines = output.split("\n");
  const header = lines.find((l) => l.startsWith("package "));
  const row = lines.find((l) => l.startsWith(`${name} `));
  if (header === undefined || row === undefined) throw new Error(`no table row for ${name} in:\n${output}`);
  const keys = header.trim().split(/\s+/);
  const cells = row.trim().split(/\s+/);
  return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? ""]));
}
