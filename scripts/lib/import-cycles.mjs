// The import graph of a package's source files, and the cycles in it: every import (types
// included, what tsc follows), or only the runtime ones, for which each file is transpiled as
// tsc emits it (verbatimModuleSyntax), so `import type` drops out exactly where the build drops
// it and what is left is what Node loads.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const SPECIFIER = /(?:^|[;\s])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
const SPECIFIER_WITH_TYPES = /^\s*(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']/gm;

/** The relative specifiers a module's emitted JavaScript imports or re-exports at run time. */
export function runtimeImports(sourceText, fileName = "module.ts") {
  const { outputText } = ts.transpileModule(sourceText, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  const found = [];
  for (const match of outputText.matchAll(SPECIFIER)) if (match[1].startsWith(".")) found.push(match[1]);
  return found;
}

/** The relative specifiers a module's source imports or re-exports, `import type` included. */
export function sourceImports(sourceText) {
  const found = [];
  for (const match of sourceText.matchAll(SPECIFIER_WITH_TYPES)) if (match[1].startsWith(".")) found.push(match[1]);
  return found;
}

/**
 * `{ file: [imported files] }` for every `.ts` file under `dir`, paths relative to `dir`: the
 * runtime imports, or with `{ types: true }` every import.
 */
export function importGraph(dir, { types = false } = {}) {
  const graph = {};
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const text = readFileSync(path, "utf8");
        graph[relative(dir, path)] = (types ? sourceImports(text) : runtimeImports(text, path)).map((spec) =>
          relative(dir, resolve(dirname(path), spec.replace(/\.js$/, ".ts"))),
        );
      }
    }
  };
  walk(dir);
  return graph;
}

/** Every cycle in `graph`, each as the files around it (`["a.ts", "b.ts", "a.ts"]`); none is `[]`. */
export function findCycles(graph) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph[file] ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of Object.keys(graph).sort()) if (!state.has(file)) visit(file);
  return cycles;
}
