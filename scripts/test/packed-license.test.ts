import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentProblems } from "../lib/packed-contents.mjs";
import { createFixtureWorkspace, REPO } from "./fixture-workspace.js";
import { type PackedPackage, packRepo } from "./packed-repo.js";

// Issue 16, problem 6: every package.json said "license": "MIT", yet no LICENSE file existed, so
// none was published.
describe("the MIT license in every published package", () => {
  let work: string | undefined;
  let packed: Map<string, PackedPackage>;
  const license = readFileSync(path.join(REPO, "LICENSE"), "utf8");

  beforeAll(async () => {
    ({ work, packed } = await packRepo());
  });

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("exists at the root: MIT, tsio contributors, 2026", () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 tsio contributors\n/);
  });

  it("is packed into every public package's tarball, the same text as the root's", () => {
    expect([...packed.keys()].length).toBeGreaterThanOrEqual(6);
    for (const [name, pkg] of packed) {
      expect(pkg.manifest.license, name).toBe("MIT");
      expect(readFileSync(path.join(pkg.unpacked, "LICENSE"), "utf8"), name).toBe(license);
      expect(contentProblems(pkg.unpacked, pkg.manifest), name).toEqual([]);
    }
  });

  it("is reported by the packed-contents check when a package ships none", () => {
    const root = createFixtureWorkspace([{ name: "@fixture/unlicensed", version: "1.0.0", license: false }]);
    try {
      const dir = path.join(root, "packages", "unlicensed");
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(contentProblems(dir, manifest)).toContain(
        'ships no LICENSE file (package.json says "license": "MIT"): add it to "files"',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
