import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFixtureWorkspace, installFixture, tableRow, verifyFixture } from "./fixture-workspace.js";

// Two fixture packages beside each other: one sound, one whose `exports` names a file that is not
// built. The script must fail the run because of the second and only the second.
describe("verify-packages on a package whose exports point at a missing file", () => {
  let root: string;
  let result: { code: number; output: string };

  beforeAll(async () => {
    root = createFixtureWorkspace([
      { name: "@fixture/sound", version: "1.0.0" },
      {
        name: "@fixture/broken",
        version: "1.0.0",
        manifest: {
          dependencies: { "@fixture/sound": "workspace:^" },
          exports: { ".": { types: "./dist/index.d.ts", default: "./dist/missing.js" } },
        },
      },
    ]);
    await installFixture(root);
    result = await verifyFixture(root);
  });

  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it("exits non-zero and says FAIL", () => {
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/verify-packages: FAIL/);
  });

  it("names the missing export target and fails the import of the broken package", () => {
    const row = tableRow(result.output, "@fixture/broken");
    expect(row.files).toBe("FAIL");
    expect(row.esm).toBe("FAIL");
    expect(row.require).toBe("FAIL");
    expect(result.output).toContain('exports["."].default points at ./dist/missing.js, which is not in the tarball');
  });

  it("still passes the sound package, so the failure is the broken export's alone", () => {
    const row = tableRow(result.output, "@fixture/sound");
    for (const step of ["manifest", "files", "publint", "attw", "install", "esm", "require", "node16", "bundler"]) {
      expect(row[step], `${step} in\n${result.output}`).toBe("PASS");
    }
  });

  it("packs the workspace:^ dependency of the broken package as a real range", () => {
    expect(tableRow(result.output, "@fixture/broken").manifest).toBe("PASS");
  });
});
