import { existsSync } from "node:fs";
import { cachedNodePath, installNode } from "../../../scripts/lib/node-binary.mjs";

/**
 * The first Node major whose figures the targets are gated on. Older lines (20 is past its end of
 * life) are still measured and shown, with their verdicts in parentheses.
 *
 * @example
 * ```ts
 * isGated(26); // true
 * ```
 */
export const GATED_FROM_MAJOR = 24;

/**
 * A Node line the children run on: its version, its binary and whether its targets count.
 *
 * @example
 * ```ts
 * const line: NodeLine = { version: "v26.12.1", major: 26, bin: "/path/to/node", gated: true };
 * ```
 */
export interface NodeLine {
  version: string;
  major: number;
  bin: string;
  gated: boolean;
}

/**
 * Whether targets are gated on this Node major.
 *
 * @example
 * ```ts
 * isGated(20); // false
 * ```
 */
export function isGated(major: number): boolean {
  return major >= GATED_FROM_MAJOR;
}

function line(version: string, bin: string): NodeLine {
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  return { version: version.startsWith("v") ? version : `v${version}`, major, bin, gated: isGated(major) };
}

/**
 * The lines to run on: the Node running the bench when `versions` is empty, else each of
 * `versions` (exact, newest first), installed and cached as the test matrix does.
 *
 * @example
 * ```ts
 * const lines = await nodeLines(["26.12.1", "24.22.3"], console.error);
 * lines.map((l) => l.version); // ["v26.12.1", "v24.22.3"]
 * ```
 */
export async function nodeLines(versions: readonly string[], log: (line: string) => void): Promise<NodeLine[]> {
  if (versions.length === 0) return [line(process.version, process.execPath)];
  const lines: NodeLine[] = [];
  for (const version of versions) {
    if (`v${version}` === process.version) {
      lines.push(line(version, process.execPath));
      continue;
    }
    if (!existsSync(cachedNodePath(version))) log(`node ${version}: installing it (cached for later runs)...`);
    lines.push(line(version, await installNode(version)));
  }
  return lines;
}
