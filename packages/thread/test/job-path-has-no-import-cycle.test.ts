import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, runtimeImports, sourceImports } from "../../../scripts/lib/import-cycles.mjs";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

describe("the job path through packages/thread/src is one way", () => {
  it("has no runtime import cycle between its files", () => {
    const graph = importGraph(SRC);
    expect(graph["thread-call.ts"]).toContain("default-executor.ts");
    expect(findCycles(graph)).toEqual([]);
  });

  it("has no import cycle either when type imports count (thread-call, default-executor and executor once formed one)", () => {
    const graph = importGraph(SRC, { types: true });
    expect(graph["thread-call.ts"]).toContain("executor.ts");
    expect(findCycles(graph)).toEqual([]);
  });

  it("the caller reaches the pool only through the Executor seam", () => {
    const graph = importGraph(SRC, { types: true });
    expect(graph["executor.ts"]).toEqual(["job-signal.ts", "protocol.ts"]);
    expect(graph["thread-call.ts"]).not.toContain("thread-pool.ts");
    expect(graph["thread-pool.ts"]).not.toContain("thread-call.ts");
  });

  it("the check sees what tsc keeps: a type-only import is no runtime edge, a value import is one", () => {
    const typeOnly = 'import type { A } from "./a.js";\nexport type { B } from "./b.js";\n';
    expect(runtimeImports(typeOnly)).toEqual([]);
    expect(sourceImports(typeOnly)).toEqual(["./a.js", "./b.js"]);
    expect(runtimeImports('import { a } from "./a.js";\nexport { b } from "./b.js";\nconsole.log(a);\n')).toEqual(["./a.js", "./b.js"]);
    // verbatimModuleSyntax keeps a module whose specifiers are all inline `type` as a bare import.
    expect(runtimeImports('import { type A } from "./a.js";\nconst x: A = 1;\n')).toEqual(["./a.js"]);
    expect(findCycles({ "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"] })).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
