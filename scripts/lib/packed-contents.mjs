import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];

/**
 * Every file of an unpacked tarball's `package/` folder, as `/`-separated paths relative to it.
 *
 * @param {string} root
 * @returns {string[]}
 */
export function listFiles(root) {
  const out = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      const rel = prefix === "" ? entry : `${prefix}/${entry}`;
      if (statSync(full).isDirectory()) walk(full, rel);
      else out.push(rel);
    }
  };
  walk(root, "");
  return out.sort();
}

/**
 * The file targets of an `exports` map (conditions and subpaths flattened), e.g.
 * `[{ subpath: ".", condition: "types", target: "./dist/index.d.ts" }, ...]`.
 *
 * @param {unknown} exportsField
 * @returns {{ subpath: string, condition: string, target: string }[]}
 */
export function exportTargets(exportsField) {
  const out = [];
  const walk = (value, subpath, condition) => {
    if (typeof value === "string") out.push({ subpath, condition, target: value });
    else if (Array.isArray(value)) for (const item of value) walk(item, subpath, condition);
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key.startsWith(".")) walk(inner, key, "default");
        else walk(inner, subpath, key);
      }
    }
  };
  if (typeof exportsField === "string") walk(exportsField, ".", "default");
  else walk(exportsField, ".", "default");
  return out;
}

/**
 * The subpaths a consumer can import, as specifiers: `["@tsio/testing", "@tsio/testing/vitest"]`.
 * `./package.json` and patterns are left out: neither is code to load.
 *
 * @param {{ name: string, exports?: unknown }} manifest
 * @returns {string[]}
 */
export function importableSpecifiers(manifest) {
  const subpaths = new Set(exportTargets(manifest.exports ?? "./index.js").map((t) => t.subpath));
  return [...subpaths]
    .filter((s) => s !== "./package.json" && !s.includes("*"))
    .sort()
    .map((s) => (s === "." ? manifest.name : `${manifest.name}/${s.slice(2)}`));
}

function parseVersion(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Whether `version` satisfies `range`, for the range forms a packed workspace dependency takes
 * (`1.2.3`, `^1.2.3`, `~1.2.3`, `>=1.2.3`); anything else is reported as not a real range.
 *
 * @param {string} version
 * @param {string} range
 * @returns {boolean}
 */
export function satisfies(version, range) {
  const v = parseVersion(version);
  const op = /^(\^|~|>=)?/.exec(range)?.[0] ?? "";
  const base = parseVersion(range.slice(op.length));
  if (v === null || base === null) return false;
  if (compare(v, base) < 0) return false;
  if (op === ">=") return true;
  if (op === "") return compare(v, base) === 0;
  if (op === "~") return v[0] === base[0] && v[1] === base[1];
  // Caret: the left-most non-zero part is fixed.
  if (base[0] > 0) return v[0] === base[0];
  if (base[1] > 0) return v[0] === 0 && v[1] === base[1];
  return v[0] === 0 && v[1] === 0 && v[2] === base[2];
}

/**
 * Problems in a packed `package.json`: local protocols left in (`workspace:`, `link:`, `file:`),
 * and ranges on sibling packages that the sibling's packed version does not satisfy (which would
 * send npm to the registry for a version that was never published).
 *
 * @param {Record<string, any>} manifest
 * @param {Map<string, string>} packedVersions package name → version, for every packed package
 * @returns {string[]}
 */
export function manifestProblems(manifest, packedVersions) {
  const problems = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(range)) {
        problems.push(`${field}.${dep} is "${range}": a local protocol was packed instead of a real range`);
        continue;
      }
      const sibling = packedVersions.get(dep);
      if (sibling !== undefined && field !== "devDependencies" && !satisfies(sibling, range)) {
        problems.push(`${field}.${dep} is "${range}", which the packed ${dep}@${sibling} does not satisfy`);
      }
    }
  }
  if (manifest.sideEffects !== false) problems.push(`"sideEffects" is ${JSON.stringify(manifest.sideEffects)}, not false`);
  return problems;
}

/**
 * Problems in what a tarball ships: tests or build state that should not be published, `exports`
 * targets that are missing, source maps whose sources (or `sourceMappingURL`s whose maps) are
 * not in the tarball, and a missing README or LICENSE.
 *
 * @param {string} root the unpacked `package/` folder
 * @param {Record<string, any>} manifest
 * @returns {string[]}
 */
export function contentProblems(root, manifest) {
  const problems = [];
  const files = listFiles(root);
  const shipped = new Set(files);
  for (const file of files) {
    if (/(^|\/)(test|tests|__tests__)\//.test(file) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(file)) {
      problems.push(`ships a test file: ${file}`);
    }
    if (file.endsWith(".tsbuildinfo")) problems.push(`ships build state: ${file}`);
  }
  for (const { subpath, condition, target } of exportTargets(manifest.exports ?? {})) {
    if (target.includes("*")) continue;
    const rel = path.posix.normalize(target);
    if (!shipped.has(rel)) problems.push(`exports["${subpath}"].${condition} points at ${target}, which is not in the tarball`);
  }
  for (const field of ["main", "types", "module"]) {
    const target = manifest[field];
    if (typeof target === "string" && !shipped.has(path.posix.normalize(target))) {
      problems.push(`"${field}" points at ${target}, which is not in the tarball`);
    }
  }
  for (const file of files) {
    if (file.endsWith(".map")) {
      const map = JSON.parse(readFileSync(path.join(root, file), "utf8"));
      const base = path.posix.join(path.posix.dirname(file), map.sourceRoot ?? "");
      for (const source of map.sources ?? []) {
        const rel = path.posix.normalize(path.posix.join(base, source));
        if (!shipped.has(rel)) problems.push(`${file} maps to ${source}, which is not in the tarball`);
      }
    } else if (/\.(js|mjs|cjs|d\.ts|d\.mts|d\.cts)$/.test(file)) {
      const text = readFileSync(path.join(root, file), "utf8");
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (url !== undefined && !url.startsWith("data:")) {
        const rel = path.posix.normalize(path.posix.join(path.posix.dirname(file), url));
        if (!shipped.has(rel)) problems.push(`${file} names the source map ${url}, which is not in the tarball`);
      }
    }
  }
  if (!existsSync(path.join(root, "README.md"))) problems.push("ships no README.md");
  // The license a package.json names must travel with the code: MIT asks for its notice in copies.
  if (!files.some((f) => /^(LICEN[CS]E|COPYING)(\.(md|txt))?$/i.test(f))) {
    problems.push(`ships no LICENSE file (package.json says "license": ${JSON.stringify(manifest.license)}): add it to "files"`);
  }
  return problems;
}
