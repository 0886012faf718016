import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cachedNodePath, installNode, NODE_LINES, resolveNodeVersion } from "../lib/node-binary.mjs";

// The module the test matrix and the bench's `--node` share: which release a line means, and
// that a cached binary is reused without asking the registry.
describe("Node lines for the matrix and the bench", () => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "tsio-node-cache-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("maps a major to its pinned release and keeps a full version as it is", () => {
    expect(resolveNodeVersion("26")).toBe(NODE_LINES["26"]);
    expect(resolveNodeVersion("24")).toMatch(/^24\.\d+\.\d+$/);
    expect(resolveNodeVersion("v24.21.0")).toBe("24.21.0");
    expect(resolveNodeVersion(" 20.19.0 ")).toBe("20.19.0");
  });

  it("rejects a line it does not know, naming the ones it does", () => {
    expect(() => resolveNodeVersion("19")).toThrow(RangeError);
    expect(() => resolveNodeVersion("latest")).toThrow(/give a major of 20, 22, 24, 26 or a full version/);
  });

  it("returns a binary already in the cache without installing anything", async () => {
    // An unpublished version: were the registry asked, the install would fail.
    const version = "0.0.1";
    const bin = cachedNodePath(version, cacheDir);
    mkdirSync(path.dirname(bin), { recursive: true });
    writeFileSync(bin, "#!/bin/sh\necho v0.0.1\n");
    chmodSync(bin, 0o755);
    await expect(installNode(version, { cacheDir })).resolves.toBe(bin);
    expect(bin.startsWith(path.join(cacheDir, version))).toBe(true);
  });
});
