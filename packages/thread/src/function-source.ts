import { assertFunction } from "@tsio/loop";
import { type JobCode, sourceCode } from "./job-code.js";

export interface FunctionSource {
  readonly source: string;
  readonly name: string;
  /** What a `ThreadPool` posts: the id its workers cache the compiled function under. */
  readonly code: JobCode;
}

const cache = new WeakMap<object, FunctionSource>();

/**
 * @internal The source text a function travels to a worker as, checked once and cached per
 * function object, so repeated calls pay a WeakMap lookup instead of `toString()`.
 */
export function functionSource(fn: unknown, what: string): FunctionSource {
  if (typeof fn === "function") {
    const cached = cache.get(fn);
    if (cached !== undefined) return cached;
  }
  assertFunction(fn, what);
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(
      `${what} is a built-in or bound function (${fn.name || "anonymous"}), which has no source to send to a worker thread. ` +
        "Wrap it in an arrow function that names what it needs: toThread((x) => Math.sqrt(x), 2).",
    );
  }
  if (/^class\b/.test(source)) {
    throw new TypeError(`${what} is a class; send a function (or a module export with threadModule()).`);
  }
  const name = typeof fn.name === "string" ? fn.name : "";
  const entry = { source, name, code: sourceCode(source, name) };
  cache.set(fn, entry);
  return entry;
}
