#!/usr/bin/env node
// Proves every public package installs and works on its own, the way a user meets it: packed with
// pnpm (which turns `workspace:^` into real ranges), installed with npm into a fresh project outside
// the workspace together with only the tarballs of its tsio dependencies, then imported as ESM,
// loaded with require(), run through a smoke program and type-checked (shipped declarations
// included) by a small consumer under `module`/`moduleResolution` node16, nodenext and bundler,
// with a CommonJS (.cts) consumer beside the first two. publint and attw lint each tarball on the
// way. Then two copies of @tsio/loop (and tasks, sync, thread) are installed side by side, as a framework
// pinning its own version leaves them, and must share the running loop, tasks and error classes.
//
//   node scripts/verify-packages.mjs [--only @tsio/sync,tsio] [--no-build] [--keep] [--root DIR]
//
// --root points at another folder laid out like this repo (`packages/*`), e.g. a test fixture;
// such a folder is not built. Exits non-zero when any check of any package fails.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONSUMER_PROGRAMS, commonJsConsumer, esmCheck, genericConsumer, requireCheck } from "./lib/consumer-programs.mjs";
import { checkDuplicateInstalls } from "./lib/duplicate-installs.mjs";
import { pack, safeName, tail, unpack } from "./lib/pack.mjs";
import { contentProblems, importableSpecifiers, manifestProblems } from "./lib/packed-contents.mjs";
import { buildPackages } from "./lib/pnpm-command.mjs";
import { outsideEnv, runCommand } from "./lib/run-command.mjs";

const REPO = path.resolve(import.meta.dirname, "..");
const RESOLUTIONS = ["node16", "nodenext", "bundler"];
const STEPS = ["manifest", "files", "publint", "attw", "install", "esm", "require", "smoke", ...RESOLUTIONS, "dupes"];

const { values: args } = parseArgs({
  options: {
    root: { type: "string" },
    only: { type: "string" },
    "no-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});

const root = path.resolve(args.root ?? REPO);
const repoManifest = readJson(path.join(REPO, "package.json"));
const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const started = performance.now();

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Runs `fn` over `items` with at most `limit` at once (the machine has two cores). */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

function findPackages() {
  const dir = path.join(root, "packages");
  const all = [];
  for (const entry of readdirSync(dir).sort()) {
    let manifest;
    try {
      manifest = readJson(path.join(dir, entry, "package.json"));
    } catch {
      continue;
    }
    if (manifest.private === true) continue;
    all.push({ dir: path.join(dir, entry), manifest });
  }
  return all;
}

async function build() {
  const result = await buildPackages(runCommand, ["./packages/*"]);
  if (result.code !== 0) {
    console.error(tail(result.stdout + result.stderr, 60));
    console.error("verify-packages: the build failed; nothing was packed.");
    process.exit(1);
  }
}

/** The package's tsio dependencies, transitively: the tarballs installed beside it. */
function tsioClosure(name, packed) {
  const seen = new Set();
  const visit = (current) => {
    const manifest = packed.get(current)?.manifest;
    if (manifest === undefined) return;
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (packed.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(name);
  return [...seen];
}

async function lintWithPublint(file) {
  const { publint } = await import("publint");
  const { formatMessage } = await import("publint/utils");
  const buffer = readFileSync(file);
  const tarball = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball }, level: "suggestion", strict: true });
  // Suggestions count too: "clean" means publint has nothing at all to say.
  return messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
}

/** A CommonJS consumer (.cts) beside the ESM one, under the two Node resolutions. */
const CJS_CONSUMER = { node16: "consumer-node16.cts", nodenext: "consumer-nodenext.cts" };

function tsconfig(resolution) {
  const modes = {
    node16: { module: "node16", moduleResolution: "node16" },
    nodenext: { module: "nodenext", moduleResolution: "nodenext" },
    bundler: { module: "esnext", moduleResolution: "bundler" },
  };
  return {
    compilerOptions: {
      ...modes[resolution],
      target: "ES2022",
      lib: ["ES2023"],
      strict: true,
      noEmit: true,
      // Every mode checks the shipped .d.ts too: a declaration importing a devDependency, or one
      // that only compiles under one resolution, fails a consumer who does not skip lib checks.
      skipLibCheck: false,
      // A Node user has @types/node; borrow the workspace's rather than fetch it per project.
      types: ["node"],
      typeRoots: [path.join(REPO, "node_modules", "@types")],
    },
    files: ["consumer.ts", ...(CJS_CONSUMER[resolution] === undefined ? [] : [CJS_CONSUMER[resolution]])],
  };
}

async function verify(name, packed, work) {
  const { file, unpacked, manifest } = packed.get(name);
  const result = Object.fromEntries(STEPS.map((s) => [s, { status: "skip", detail: "" }]));
  const set = (step, ok, detail = "") => {
    result[step] = { status: ok ? "PASS" : "FAIL", detail };
    return ok;
  };
  const t0 = performance.now();
  const versions = new Map([...packed].map(([n, p]) => [n, p.manifest.version]));

  const mProblems = manifestProblems(manifest, versions);
  set("manifest", mProblems.length === 0, mProblems.join("\n"));
  const fProblems = contentProblems(unpacked, manifest);
  set("files", fProblems.length === 0, fProblems.join("\n"));

  const [publintMessages, attw] = await Promise.all([
    lintWithPublint(file).catch((err) => [`publint crashed: ${err}`]),
    runCommand(
      path.join(REPO, "node_modules", ".bin", "attw"),
      [file, "--profile", "esm-only", "--format", "ascii", "--no-color", "--no-emoji"],
      { timeoutMs: 120_000 },
    ),
  ]);
  set("publint", publintMessages.length === 0, publintMessages.join("\n"));
  set("attw", attw.code === 0, tail(attw.stdout + attw.stderr, 40));

  const project = path.join(work, "consumers", safeName(name));
  mkdirSync(project, { recursive: true });
  writeFileSync(
    path.join(project, "package.json"),
    `${JSON.stringify({ name: "tsio-consumer", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  const program = CONSUMER_PROGRAMS[name];
  const installs = [file, ...tsioClosure(name, packed).map((dep) => packed.get(dep).file)];
  installs.push(...(program?.extraInstall?.(repoManifest) ?? []));
  const install = await runCommand(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...installs],
    { cwd: project, env: outsideEnv(), timeoutMs: 300_000 },
  );
  if (!set("install", install.code === 0, tail(install.stdout + install.stderr))) return finish();

  const specifiers = importableSpecifiers(manifest);
  const node = (script) => runCommand(process.execPath, [script], { cwd: project, timeoutMs: 60_000 });
  writeFileSync(path.join(project, "esm-check.mjs"), esmCheck(specifiers));
  writeFileSync(path.join(project, "require-check.cjs"), requireCheck(specifiers));
  const [esm, cjs] = await Promise.all([node("esm-check.mjs"), node("require-check.cjs")]);
  set("esm", esm.code === 0, tail(esm.stderr || esm.stdout));
  if (cjs.code !== 0) set("require", false, tail(cjs.stderr || cjs.stdout));
  else if (esm.code === 0 && lastLine(esm.stdout) !== lastLine(cjs.stdout)) {
    set("require", false, `require() and import see different exports:\n${lastLine(cjs.stdout)}\n${lastLine(esm.stdout)}`);
  } else set("require", true);

  if (program !== undefined) {
    writeFileSync(path.join(project, "smoke.mjs"), program.smoke.trimStart());
    const smoke = await node("smoke.mjs");
    const why = smoke.timedOut ? "did not exit within 60 s (a handle left open?)\n" : "";
    set("smoke", smoke.code === 0, why + tail(smoke.stdout + smoke.stderr));
  }

  writeFileSync(path.join(project, "consumer.ts"), `${(program?.consumer ?? "").trimStart()}\n${genericConsumer(specifiers)}`);
  for (const [resolution, file] of Object.entries(CJS_CONSUMER)) {
    writeFileSync(path.join(project, file), commonJsConsumer(specifiers, resolution));
  }
  for (const resolution of RESOLUTIONS) {
    const config = `tsconfig.${resolution}.json`;
    writeFileSync(path.join(project, config), `${JSON.stringify(tsconfig(resolution), null, 2)}\n`);
    const check = await runCommand(process.execPath, [tsc, "-p", config], { cwd: project, timeoutMs: 120_000 });
    set(resolution, check.code === 0, tail(check.stdout + check.stderr));
  }
  if (name === "@tsio/loop") {
    const dupes = await checkDuplicateInstalls(packed, work);
    set("dupes", dupes.ok, dupes.detail);
  }
  return finish();

  function finish() {
    return { name, result, ms: performance.now() - t0 };
  }
}

function lastLine(text) {
  return text.trim().split("\n").at(-1) ?? "";
}

function printTable(rows) {
  const head = ["package", ...STEPS, "time"];
  const body = rows.map((r) => [r.name, ...STEPS.map((s) => r.result[s].status), `${(r.ms / 1000).toFixed(1)}s`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}

async function main() {
  const packages = findPackages();
  const only = args.only?.split(",").map((s) => s.trim());
  const selected = packages.filter((p) => only === undefined || only.includes(p.manifest.name));
  if (selected.length === 0) {
    console.error(`verify-packages: no public package under ${path.join(root, "packages")} matches.`);
    process.exit(1);
  }
  if (root === REPO && !args["no-build"]) await build();

  const work = mkdtempSync(path.join(os.tmpdir(), "tsio-verify-"));
  const tarballs = path.join(work, "tarballs");
  mkdirSync(tarballs);
  try {
    // Every public package is packed, selected or not: a selected one needs its siblings' tarballs.
    const packs = await pool(packages, 3, (pkg) => pack(pkg, tarballs));
    const failedPacks = packs.map((p, i) => [packages[i], p]).filter(([, p]) => p.error !== undefined);
    for (const [pkg, p] of failedPacks) console.error(`pnpm pack failed for ${pkg.manifest.name}:\n${p.error}`);
    if (failedPacks.length > 0) process.exitCode = 1;

    const packed = new Map();
    for (const [i, pkg] of packages.entries()) {
      const file = packs[i].file;
      if (file === undefined) continue;
      const unpacked = await unpack(file, path.join(work, "unpacked", safeName(pkg.manifest.name)));
      packed.set(pkg.manifest.name, { file, unpacked, manifest: readJson(path.join(unpacked, "package.json")) });
    }

    const names = selected.map((p) => p.manifest.name).filter((n) => packed.has(n));
    const rows = await pool(names, 3, (name) => verify(name, packed, work));

    console.log("");
    printTable(rows);
    let failures = 0;
    for (const row of rows) {
      for (const step of STEPS) {
        const { status, detail } = row.result[step];
        if (status !== "FAIL") continue;
        failures++;
        console.log(`\nFAIL ${row.name} ${step}:\n${detail.replace(/^/gm, "  ")}`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const verdict = failures === 0 && failedPacks.length === 0 ? "PASS" : "FAIL";
    console.log(`\nverify-packages: ${verdict}: ${rows.length} packages, ${failures} failed checks, ${seconds}s`);
    if (verdict === "FAIL") process.exitCode = 1;
  } finally {
    if (args.keep) console.log(`verify-packages: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await main();
