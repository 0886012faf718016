#!/usr/bin/env node
// Runs the vitest suite on other Node majors than the one installed (the repo targets Node >= 20.19,
// and users run 22 and 24 too). The binaries come from the npm registry: the `node` package's
// preinstall only installs `node-<platform>-<arch>@<version>`, which ships the binary as
// `bin/node`, so we install that package directly (no install script to allow) into a cache folder
// under node_modules/.cache, reused by later runs.
//
//   node scripts/node-matrix.mjs [--node 22.23.3 --node 24.21.0] [--no-build] [-- vitest args]
//
// Everything after `--` goes to `vitest run`, e.g. `-- --project loop --project tasks`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildPackages } from "./lib/pnpm-command.mjs";
import { outsideEnv, runCommand } from "./lib/run-command.mjs";

const REPO = path.resolve(import.meta.dirname, "..");
// The newest release of each major when this was written; bump them as new ones ship.
const DEFAULT_VERSIONS = ["22.23.3", "24.21.0"];

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    node: { type: "string", multiple: true },
    "no-build": { type: "boolean", default: false },
  },
});
const versions = args.node ?? DEFAULT_VERSIONS;
const vitestArgs = positionals;

/** The registry package that holds the Node binary for this machine, as the `node` package picks it. */
function binaryPackage(version) {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const prefix = process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${platform}-${process.arch}@${version}`;
}

async function installNode(version) {
  const dir = path.join(REPO, "node_modules", ".cache", "tsio-node-matrix", version);
  const pkg = binaryPackage(version);
  const bin = path.join(dir, "node_modules", pkg.slice(0, pkg.lastIndexOf("@")), "bin", "node");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "name": "node-matrix", "version": "0.0.0", "private": true }\n');
  const result = await runCommand(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", pkg],
    { cwd: dir, env: outsideEnv(), timeoutMs: 600_000 },
  );
  if (result.code !== 0 || !existsSync(bin)) {
    throw new Error(`could not install ${pkg}:\n${result.stdout}${result.stderr}`);
  }
  return bin;
}

/** Runs vitest under `bin`, streaming its output, and returns the exit code and summary line. */
function runVitest(bin) {
  return new Promise((resolve) => {
    const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ""}` };
    const child = spawn(bin, [path.join(REPO, "node_modules", "vitest", "vitest.mjs"), "run", ...vitestArgs], {
      cwd: REPO,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let summary = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      process.stdout.write(chunk);
      const match = /tests: \d+ passed, \d+ failed, \d+ skipped/.exec(chunk);
      if (match) summary = match[0];
    });
    child.on("close", (code) => resolve({ code: code ?? 1, summary }));
  });
}

async function main() {
  if (!args["no-build"]) {
    const build = await buildPackages(runCommand);
    if (build.code !== 0) {
      console.error(`${build.stdout}${build.stderr}\nnode-matrix: the build failed.`);
      process.exit(1);
    }
  }
  const rows = [];
  for (const version of versions) {
    const started = performance.now();
    const bin = await installNode(version);
    console.log(`\n=== node-matrix: Node ${version} (${bin}) — vitest run ${vitestArgs.join(" ")}`);
    const { code, summary } = await runVitest(bin);
    rows.push({ version, code, summary, seconds: ((performance.now() - started) / 1000).toFixed(1) });
  }
  console.log("\nnode-matrix:");
  for (const r of rows) {
    console.log(`  Node ${r.version.padEnd(8)} ${r.code === 0 ? "PASS" : "FAIL"}  ${r.summary || "(no summary)"}  ${r.seconds}s`);
  }
  if (rows.some((r) => r.code !== 0)) process.exitCode = 1;
}

await main();
