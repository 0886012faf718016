// Types for import-cycles.mjs, which package tests (TypeScript) import.

/** The relative specifiers a module's emitted JavaScript imports or re-exports at run time. */
export declare function runtimeImports(sourceText: string, fileName?: string): string[];
/** The relative specifiers a module's source imports or re-exports, `import type` included. */
export declare function sourceImports(sourceText: string): string[];
/** `{ file: [imported files] }` for every `.ts` file under `dir`: runtime imports, or all with `{ types: true }`. */
export declare function importGraph(dir: string, options?: { types?: boolean }): Record<string, string[]>;
/** Every cycle in `graph`, each as the files around it (`["a.ts", "b.ts", "a.ts"]`). */
export declare function findCycles(graph: Record<string, readonly string[]>): string[][];
