import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeValue } from "@tsio/loop";

type Exports = Record<string, unknown>;

/**
 * @internal The modules a worker serves, by the names callers use: each path (relative to the
 * current directory, absolute, or a `file:` URL) is checked and imported once, at start, so a
 * typo fails `serveJobs` rather than the first job.
 */
export class ModuleTable {
  /** name → file: URL */
  readonly urls: ReadonlyMap<string, string>;
  private readonly loaded = new Map<string, Exports>();

  constructor(modules: unknown, what: string) {
    if (typeof modules !== "object" || modules === null || Array.isArray(modules)) {
      throw new TypeError(`${what}: modules must map names to module paths ({ images: "./images.js" }), got ${describeValue(modules)}.`);
    }
    const urls = new Map<string, string>();
    for (const [name, spec] of Object.entries(modules)) {
      urls.set(name, moduleUrl(name, spec, what));
    }
    if (urls.size === 0) throw new TypeError(`${what}: modules is empty: register at least one module ({ images: "./images.js" }).`);
    this.urls = urls;
  }

  /** Imports every module. */
  async load(): Promise<void> {
    for (const [name, url] of this.urls) this.loaded.set(name, (await import(url)) as Exports);
  }

  /** The exported function `exportName` of the module registered as `name`; a clear `TypeError` otherwise. */
  get(name: string, exportName: string): (...args: unknown[]) => unknown {
    const exports = this.loaded.get(name);
    if (exports === undefined) {
      throw new TypeError(`No module "${name}" is registered on this worker (it serves: ${[...this.urls.keys()].join(", ")}). Register it in serveJobs({ modules }).`);
    }
    const fn = exports[exportName];
    if (typeof fn !== "function") {
      throw new TypeError(`Module "${name}" (${this.urls.get(name)}) has no exported function "${exportName}" (got ${describeValue(fn)}).`);
    }
    return fn as (...args: unknown[]) => unknown;
  }
}

function moduleUrl(name: string, spec: unknown, what: string): string {
  let path: string;
  if (spec instanceof URL || (typeof spec === "string" && spec.startsWith("file:"))) path = fileURLToPath(spec);
  else if (typeof spec === "string" && spec !== "") path = isAbsolute(spec) ? spec : resolve(spec);
  else throw new TypeError(`${what}: modules.${name} must be a module path or file: URL, got ${describeValue(spec)}.`);
  if (!existsSync(path)) throw new TypeError(`${what}: modules.${name}: no file at ${path} (relative paths are from the current directory, ${process.cwd()}).`);
  return pathToFileURL(path).href;
}
