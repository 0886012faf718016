import { mkdirSync } from "node:fs";
import path from "node:path";
import { pnpmCommand } from "./pnpm-command.mjs";
import { runCommand } from "./run-command.mjs";

/**
 * The last `lines` lines of a command's output: enough to see why it failed.
 *
 * @param {string} text
 * @param {number} [lines]
 */
export function tail(text, lines = 25) {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/**
 * A package name as pnpm spells it in a tarball's file name: `@tsio/loop` becomes `tsio-loop`.
 *
 * @param {string} name
 */
export function safeName(name) {
  return name.replace(/^@/, "").replace(/\//g, "-");
}

/**
 * Packs one package with pnpm (which turns `workspace:^` into real ranges) into `destination`.
 *
 * @param {{ dir: string, manifest: { name: string, version: string } }} pkg
 * @param {string} destination
 * @returns {Promise<{ file?: string, error?: string }>}
 */
export async function pack(pkg, destination) {
  const pnpm = pnpmCommand();
  const result = await runCommand(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", destination], {
    cwd: pkg.dir,
    timeoutMs: 120_000,
  });
  if (result.code !== 0) return { error: tail(result.stdout + result.stderr) };
  return { file: path.join(destination, `${safeName(pkg.manifest.name)}-${pkg.manifest.version}.tgz`) };
}

/**
 * Unpacks a tarball into `into` and returns its `package/` folder.
 *
 * @param {string} file
 * @param {string} into
 */
export async function unpack(file, into) {
  mkdirSync(into, { recursive: true });
  const result = await runCommand("tar", ["xzf", file, "-C", into]);
  if (result.code !== 0) throw new Error(`tar could not unpack ${file}: ${result.stderr}`);
  return path.join(into, "package");
}
