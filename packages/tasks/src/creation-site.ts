import { fileURLToPath } from "node:url";

/** This package's own directory (src/ or dist/), whose frames are skipped: the site is the caller's. */
const OWN_DIR = fileURLToPath(new URL(".", import.meta.url));
const OWN_URL = new URL(".", import.meta.url).href;

/**
 * @internal The first frame of a debug-mode creation stack outside `@tsio/tasks`: where user code
 * created the task, e.g. `main (/app/server.js:12:5)`; `undefined` without a stack.
 */
export function creationSite(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const frames = stack.split("\n").slice(1);
  for (const line of frames) {
    const frame = line.trim();
    if (!frame.startsWith("at ")) continue;
    if (frame.includes(OWN_DIR) || frame.includes(OWN_URL) || frame.includes("node:internal")) continue;
    return frame.slice(3);
  }
  return undefined;
}
