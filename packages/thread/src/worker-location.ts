import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ThreadError } from "./errors.js";

/**
 * @internal The worker entry piscina loads: `worker.js` beside this module in `dist/`. When this
 * module runs from `src/` (tests, tsx), worker threads cannot load TypeScript, so the built
 * `dist/worker.js` is used: build the package first (its `test` script does).
 */
export function workerFile(): string {
  const here = import.meta.url;
  const fromSource = here.endsWith(".ts");
  const file = fileURLToPath(new URL(fromSource ? "../dist/worker.js" : "./worker.js", here));
  if (fromSource && !existsSync(file)) {
    throw new ThreadError(
      `The worker entry ${file} is missing: build @tsio/thread first (cd packages/thread && npx tsc -p tsconfig.build.json).`,
    );
  }
  return file;
}
