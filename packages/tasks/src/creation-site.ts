import { fileURLToPath } from "node:url";

/**
 * This package's code, whose frames are skipped: the site is the caller's. Both src/ and dist/, as
 * source maps (vitest, `--enable-source-maps`) report src/ frames for code that runs from dist/.
 */
const OWN_CODE = ["../src/", "../dist/"].flatMap((dir) => {
  const url = new URL(dir, import.meta.url);
  return [fileURLToPath(url), url.href];
});

/**
 * @internal The first frame of a debug-mode creation stack outside `@tsio/tasks`: where user code
 * created the task, e.g. `main (/app/server.js:12:5)`; `undefined` without a stack.
 */
export function creationSite(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  for (const line of stack.split("\n").slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith("at ")) continue;
    if (frame.includes("node:internal") || OWN_CODE.some((own) => frame.includes(own))) continue;
    return frame.slice(3);
  }
  return undefined;
}
