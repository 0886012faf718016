/**
 * Node binaries of other release lines than the one installed, for the test matrix
 * (scripts/node-matrix.mjs) and the bench (`pnpm bench --node 20,24,26`). They come from the npm
 * registry: the `node` package's preinstall only installs `node-<platform>-<arch>@<version>`,
 * which ships the binary as `bin/node`, so that package is installed directly (no install script
 * to allow) into a cache folder under node_modules/.cache, reused by later runs.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { outsideEnv, runCommand } from "./run-command.mjs";

const REPO = path.resolve(import.meta.dirname, "..", "..");

/**
 * The release of each Node line that the matrix and the bench use when given only the major.
 * The newest of each when this was written; bump them as new ones ship.
 *
 * @type {Readonly<Record<string, string>>}
 */
export const NODE_LINES = Object.freeze({
  20: "20.20.2",
  22: "22.23.5",
  24: "24.22.3",
  26: "26.12.1",
});

/** Where installed binaries are kept between runs. */
export const NODE_CACHE = path.join(REPO, "node_modules", ".cache", "tsio-node-matrix");

/**
 * The exact version for a line (`"26"` → `"26.12.1"`) or a version given in full (`"24.21.0"`,
 * a leading `v` allowed). Throws `RangeError` for anything else, naming the known lines.
 *
 * @param {string} spec
 * @returns {string}
 */
export function resolveNodeVersion(spec) {
  const text = String(spec).trim().replace(/^v/, "");
  if (/^\d+\.\d+\.\d+$/.test(text)) return text;
  const known = NODE_LINES[text];
  if (known !== undefined) return known;
  throw new RangeError(
    `Node line "${spec}" is not known: give a major of ${Object.keys(NODE_LINES).join(", ")} or a full version like 24.21.0`,
  );
}

/**
 * The registry package that holds the Node binary for this machine, as the `node` package picks it.
 *
 * @param {string} version
 * @returns {string}
 */
export function binaryPackage(version) {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const prefix = process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${platform}-${process.arch}@${version}`;
}

/**
 * The path of the cached binary of `version` under `cacheDir`, whether or not it is there yet.
 *
 * @param {string} version
 * @param {string} [cacheDir]
 * @returns {string}
 */
export function cachedNodePath(version, cacheDir = NODE_CACHE) {
  const pkg = binaryPackage(version);
  return path.join(cacheDir, version, "node_modules", pkg.slice(0, pkg.lastIndexOf("@")), "bin", "node");
}

/**
 * The binary of `version`, installed from the registry on first use and cached after that.
 *
 * @param {string} version an exact version (see `resolveNodeVersion`)
 * @param {{ cacheDir?: string }} [options]
 * @returns {Promise<string>}
 */
export async function installNode(version, options = {}) {
  const cacheDir = options.cacheDir ?? NODE_CACHE;
  const bin = cachedNodePath(version, cacheDir);
  if (existsSync(bin)) return bin;
  const dir = path.join(cacheDir, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "name": "node-matrix", "version": "0.0.0", "private": true }\n');
  const pkg = binaryPackage(version);
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
