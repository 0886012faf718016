import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pack, unpack } from "../lib/pack.mjs";
import { REPO } from "./fixture-workspace.js";

/** One of this repository's packages, packed with pnpm and unpacked. */
export interface PackedPackage {
  file: string;
  unpacked: string;
  manifest: Record<string, unknown> & { name: string; version: string };
}

/**
 * Packs this repository's public packages (all, or the `names` given) into a fresh temporary
 * folder, from their current build: run the build first (`pnpm test` does).
 */
export async function packRepo(names?: readonly string[]): Promise<{ work: string; packed: Map<string, PackedPackage> }> {
  const work = mkdtempSync(path.join(os.tmpdir(), "tsio-packed-"));
  const packed = new Map<string, PackedPackage>();
  for (const entry of readdirSync(path.join(REPO, "packages")).sort()) {
    const dir = path.join(REPO, "packages", entry);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    if (manifest.private === true || (names !== undefined && !names.includes(manifest.name))) continue;
    if (!existsSync(path.join(dir, "dist", "index.js"))) {
      throw new Error(`${manifest.name} is not built: run \`npx -y pnpm@10.34.9 turbo run build\` first.`);
    }
    const { file, error } = await pack({ dir, manifest }, work);
    if (file === undefined) throw new Error(`pnpm pack failed for ${manifest.name}:\n${error}`);
    const unpacked = await unpack(file, path.join(work, "unpacked", entry));
    packed.set(manifest.name, { file, unpacked, manifest: JSON.parse(readFileSync(path.join(unpacked, "package.json"), "utf8")) });
  }
  return { work, packed };
}
