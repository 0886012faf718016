import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { satisfies } from "../lib/packed-contents.mjs";
import { createFixtureWorkspace, installFixture, pnpmArgs, REPO, withoutNpmVars } from "./fixture-workspace.js";

const run = promisify(execFile);

async function packedManifest(packageDir: string): Promise<Record<string, Record<string, string>>> {
  const out = mkdtempSync(path.join(os.tmpdir(), "tsio-pack-"));
  try {
    const [cmd, args] = pnpmArgs();
    await run(cmd, [...args, "pack", "--pack-destination", out], { cwd: packageDir, env: withoutNpmVars() });
    const { stdout } = await run("sh", ["-c", `tar xzf "${out}"/*.tgz -O package/package.json`]);
    return JSON.parse(stdout);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// The release flow this repo uses, on a two-package fixture: `changeset version` moves one
// package's version, the dependent keeps `workspace:^` in git, and pnpm pack publishes a real
// range that follows the moved version.
describe("workspace:^ ranges when a dependency's version moves", () => {
  let root: string;
  const manifestOf = (name: string) =>
    JSON.parse(readFileSync(path.join(root, "packages", name, "package.json"), "utf8"));

  beforeAll(async () => {
    root = createFixtureWorkspace([
      { name: "@fixture/base", version: "1.0.0" },
      { name: "@fixture/user", version: "1.0.0", manifest: { dependencies: { "@fixture/base": "workspace:^" } } },
    ]);
    mkdirSync(path.join(root, ".changeset"));
    const config = JSON.parse(readFileSync(path.join(REPO, ".changeset", "config.json"), "utf8"));
    config.ignore = []; // the repo's ignored apps do not exist in the fixture
    writeFileSync(path.join(root, ".changeset", "config.json"), JSON.stringify(config, null, 2));
    writeFileSync(path.join(root, ".changeset", "base-grows.md"), '---\n"@fixture/base": minor\n---\n\nBase grows.\n');
    await installFixture(root);
  });

  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it("packs ^1.0.0 before the release", async () => {
    const packed = await packedManifest(path.join(root, "packages", "user"));
    expect(packed.dependencies?.["@fixture/base"]).toBe("^1.0.0");
  });

  it("packs ^1.1.0 after changeset version bumps the dependency to 1.1.0", async () => {
    await run(path.join(REPO, "node_modules", ".bin", "changeset"), ["version"], { cwd: root, env: withoutNpmVars() });
    expect(manifestOf("base").version).toBe("1.1.0");
    // In the repository the range stays a workspace range: nothing to edit by hand.
    expect(manifestOf("user").dependencies["@fixture/base"]).toBe("workspace:^");
    const packed = await packedManifest(path.join(root, "packages", "user"));
    const range = packed.dependencies?.["@fixture/base"] ?? "";
    expect(range).toBe("^1.1.0");
    expect(satisfies("1.1.0", range)).toBe(true);
    expect(satisfies("1.0.0", range)).toBe(false);
  });
});
