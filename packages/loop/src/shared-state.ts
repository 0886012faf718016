import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertFunction, describeValue } from "./validate.js";

/**
 * One piece of state shared by every copy of a package that speaks `protocol`. Its layout is read
 * by copies from every release, so it never changes: new state goes into new slots.
 */
interface Slot {
  readonly protocol: number;
  /** The `import.meta.url` of each copy that joined, to name versions in error messages. */
  readonly copies: string[];
  readonly value: object;
}

/** `name` -> the slot of each protocol in use. A Map on globalThis: a frozen layout, too. */
type Registry = Map<string, Slot[]>;

const ROOT = Symbol.for("tsio.registry");

function registry(): Registry {
  const host = globalThis as { [ROOT]?: Registry };
  let found = host[ROOT];
  if (found === undefined) {
    found = new Map();
    // Not enumerable: leak checks that walk globalThis should not trip over it.
    Object.defineProperty(host, ROOT, { value: found });
  }
  return found;
}

/**
 * Names one installed copy for a message, e.g. `@tsio/loop 0.2.0 (protocol 2)`, with the version
 * from the `package.json` of `name` above `moduleUrl`; read only when a message needs it.
 */
export function describeCopy(name: string, moduleUrl: string, protocol: number): string {
  const version = versionOf(name, moduleUrl);
  return version === undefined ? `${name} (unknown version, protocol ${protocol})` : `${name} ${version} (protocol ${protocol})`;
}

function versionOf(name: string, moduleUrl: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(moduleUrl));
  } catch {
    return undefined; // not a file: URL
  }
  // dist/x.js or src/x.ts sit one level below the package; a bundle may have left it behind.
  for (let up = 0; up < 3; up++, dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === name && typeof manifest.version === "string") return manifest.version;
    } catch {
      // no readable package.json at this level: look one up
    }
  }
  return undefined;
}

/**
 * Sharing with other installed copies: the state that every copy of a tsio package speaking
 * `protocol` in this process reads and writes, created by the first one that asks. Two copies get
 * installed when a framework pins one version and the app another; without this each would keep its
 * own running loop, current task and registries, and neither would see the other's. Call it once at
 * module load and keep the result: the hot paths then read it as a plain object.
 *
 * `protocol` numbers the layout and meaning of what `create` returns: bump it whenever a release
 * changes either, so that older copies keep to their own state instead of misreading the new one.
 * Copies of different protocols do not share, and `process.emitWarning` says so once, naming the
 * versions and the fix.
 *
 * @example
 * ```ts
 * const shared = shareAcrossCopies("my-tsio-plugin", 1, import.meta.url, () => ({ pools: new WeakMap() }));
 * ```
 */
export function shareAcrossCopies<T extends object>(name: string, protocol: number, moduleUrl: string, create: () => T): T {
  const call = "shareAcrossCopies(name, protocol, moduleUrl, create)";
  if (typeof name !== "string" || name === "") throw new TypeError(`${call}: name must be a non-empty string, got ${describeValue(name)}.`);
  if (!Number.isSafeInteger(protocol) || protocol < 0) {
    throw new TypeError(`${call}: protocol must be a whole number >= 0, got ${describeValue(protocol)}.`);
  }
  if (typeof moduleUrl !== "string") throw new TypeError(`${call}: moduleUrl must be a string (pass import.meta.url), got ${describeValue(moduleUrl)}.`);
  assertFunction(create, `${call}: create`);
  const root = registry();
  const slots = root.get(name) ?? [];
  root.set(name, slots);
  let slot = slots.find((s) => s.protocol === protocol);
  if (slot === undefined) {
    slot = { protocol, copies: [], value: create() };
    slots.push(slot);
    if (slots.length > 1) {
      const others = slots.filter((s) => s !== slot).flatMap((s) => s.copies.map((url) => describeCopy(name, url, s.protocol)));
      process.emitWarning(
        `Copies of ${name} that cannot share state are loaded: ${describeCopy(name, moduleUrl, protocol)} beside ` +
          `${[...new Set(others)].join(", ")}. Code of one copy cannot see the loop, tasks or registries of the other. ` +
          "Make them one version: align the @tsio/* versions your dependencies ask for (libraries should make @tsio/* " +
          `peerDependencies), then run \`npm dedupe\`; \`npm ls ${name}\` lists the copies.`,
        { type: "TsioWarning", code: "TSIO_INCOMPATIBLE_COPIES" },
      );
    }
  }
  if (!slot.copies.includes(moduleUrl)) slot.copies.push(moduleUrl);
  return slot.value as T;
}
