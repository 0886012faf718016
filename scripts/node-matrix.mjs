#!/usr/bin/env node
// Runs the vitest suite on other Node lines than the one installed (the repo targets Node >= 20.19,
// and users run 22, 24 and 26 too). The binaries are installed and cached by lib/node-binary.mjs,
// which the bench's `--node` option shares.
//
//   node scripts/node-matrix.mjs [--node 22 --node 24.21.0] [--no-build] [-- vitest args]
//
// `--node` takes a line (its pinned release in lib/node-binary.mjs) or a full version. Everything
// after `--` goes to `vitest run`, e.g. `-- --project loop --project tasks`.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { installNode, resolveNodeVersion } from "./lib/node-binary.mjs";
import { buildPackages } from "./lib/pnpm-command.mjs";
import { runCommand } from "./lib/run-command.mjs";

const REPO = path.resolve(import.meta.dirname, "..");
const DEFAULT_LINES = ["22", "24", "26"];

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    node: { type: "string", multiple: true },
    "no-build": { type: "boolean", default: false },
  },
});
const versions = (args.node ?? DEFAULT_LINES).map(resolveNodeVersion);
const vitestArgs = positionals;

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
