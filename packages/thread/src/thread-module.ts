import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { checkOptions, describeValue, type Future } from "@tsio/loop";
import type { Executor } from "./executor.js";
import { moduleCode } from "./job-code.js";
import { submitJob, type ThreadCallOptions } from "./thread-call.js";
import type { ThreadArgs, ThreadResult } from "./transfer.js";

/**
 * One export of a `threadModule`, callable like the original but run on a worker thread.
 *
 * @example
 * ```ts
 * const fib: ThreadMethod<[number], number> = work.fib;
 * await fib(30);
 * await fib.with({ signal })(30);
 * ```
 */
export interface ThreadMethod<A extends unknown[], R> {
  (...args: ThreadArgs<A>): Future<ThreadResult<R>>;
  /** The same call with per-call options (a `signal`, buffers to `transfer`, another `executor`). */
  with(options: ThreadCallOptions): (...args: ThreadArgs<A>) => Future<ThreadResult<R>>;
}

/**
 * The typed proxy `threadModule<M>()` returns: every function export of `M`, returning a future.
 *
 * @example
 * ```ts
 * type Work = ThreadModule<typeof import("./work.js")>;
 * ```
 */
export type ThreadModule<M> = {
  readonly [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: M[K] extends (
    ...args: infer A extends unknown[]
  ) => infer R
    ? ThreadMethod<A, R>
    : never;
};

/**
 * Options for `threadModule`.
 *
 * @example
 * ```ts
 * const work = threadModule<typeof import("./work.js")>(url, { executor: pool });
 * ```
 */
export interface ThreadModuleOptions {
  /** Where the calls run; the running loop's default pool when omitted or `null`. */
  executor?: Executor | null;
}

function moduleHref(url: unknown): string {
  if (url instanceof URL) return url.href;
  if (typeof url === "string") {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) return url;
    if (isAbsolute(url)) return pathToFileURL(url).href;
    throw new TypeError(
      `threadModule(url): "${url}" is relative, and a worker thread cannot tell what it is relative to. ` +
        'Pass new URL("./work.js", import.meta.url) (or an absolute path).',
    );
  }
  throw new TypeError(`threadModule(url): url must be a URL or an absolute path, got ${describeValue(url)}.`);
}

/** A module's name as an executor with `namedModules` knows it: no code travels, only the name. */
function moduleName(name: unknown): string {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `threadModule(name, { executor }): this executor runs modules its workers registered by name, so pass that name (e.g. "images"), got ${describeValue(name)}.`,
    );
  }
  return name;
}

/**
 * A typed proxy for an ES module whose exported functions run on worker threads:
 * `threadModule<typeof import("./work.js")>(url).fib(40)` returns a future for `fib(40)` computed
 * in the pool, with argument and result types checked by tsc. The module is imported once per
 * worker, and may import whatever it needs; this is the form for code that is not self-contained.
 * The URL must point at JavaScript the worker can load (the built `.js`, not a `.ts` source).
 * With an executor that runs named modules (`namedModules`, such as `@tsio/bullmq`'s
 * `BullExecutor`), pass the name the workers registered instead: `threadModule("images", { executor })`.
 *
 * @example
 * ```ts
 * // work.ts: export function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
 * const work = threadModule<typeof import("./work.js")>(new URL("./work.js", import.meta.url));
 * await run(async () => {
 *   console.log(await work.fib(30)); // 832040
 * });
 * ```
 */
export function threadModule<M>(url: string | URL, options?: ThreadModuleOptions): ThreadModule<M> {
  const { executor } = checkOptions(options, ["executor"], "threadModule(url, options)");
  const moduleUrl = executor?.namedModules === true ? moduleName(url) : moduleHref(url);
  const methods = new Map<string, unknown>();
  const makeMethod = (exportName: string) => {
    const code = moduleCode(moduleUrl, exportName);
    const what = `${exportName}()`;
    const method = (...args: unknown[]) => submitJob(executor, undefined, what, args, undefined, code);
    method.with = (callOptions: ThreadCallOptions) => {
      const given = checkOptions(callOptions, ["signal", "executor", "transfer"], `${exportName}.with(options)`);
      const chosen = given.executor === undefined ? executor : given.executor;
      return (...args: unknown[]) => submitJob(chosen, undefined, what, args, given, code);
    };
    return method;
  };
  return new Proxy(Object.create(null) as object, {
    get(_target, prop) {
      // Not a thenable: `await`ing or returning the proxy from an async function must not call "then".
      if (typeof prop !== "string" || prop === "then") return undefined;
      let method = methods.get(prop);
      if (method === undefined) {
        method = makeMethod(prop);
        methods.set(prop, method);
      }
      return method;
    },
  }) as ThreadModule<M>;
}
