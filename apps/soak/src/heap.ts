import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * The garbage collector, to measure the heap that is really retained. `node --expose-gc` provides
 * `globalThis.gc`; without the flag (inside vitest, say) it is turned on at run time and fetched
 * from a fresh context, where V8 then installs it.
 */
export function getGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** `heapUsed` after full collections, with a macrotask in between so finalizers and weak refs settle. */
export async function heapAfterGc(gc: () => void): Promise<number> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage().heapUsed;
}
