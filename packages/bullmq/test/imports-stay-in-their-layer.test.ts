import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph } from "../../../scripts/lib/import-cycles.mjs";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

describe("packages/bullmq/src", () => {
  it("has no import cycle between its files, type imports included", () => {
    const graph = importGraph(SRC, { types: true });
    expect(Object.keys(graph)).toContain("bull-executor.ts");
    expect(findCycles(graph)).toEqual([]);
  });

  it("imports only the layers below it (loop, tasks, thread), and bullmq itself", () => {
    const used = new Set<string>();
    for (const file of readdirSync(SRC)) {
      for (const match of readFileSync(`${SRC}/${file}`, "utf8").matchAll(/from "(@tsio\/[a-z-]+|[a-z][^"./]*)"/g)) used.add(match[1] as string);
    }
    expect([...used].filter((name) => !name.startsWith("node:")).sort()).toEqual(["@tsio/loop", "@tsio/tasks", "@tsio/thread", "bullmq"]);
  });
});
