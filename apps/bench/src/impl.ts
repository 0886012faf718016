import type { Sample } from "./sample.js";

/**
 * One implementation of a workload: runs it at size `n` and returns the measured sample. It times
 * only the workload itself, not the set-up (creating a pool, importing a library).
 *
 * @example
 * ```ts
 * const impl: Impl = async (n) => {
 *   const watch = Stopwatch.start();
 *   await Promise.all(Array.from({ length: n }, async (_, i) => i));
 *   return watch.stop(n);
 * };
 * ```
 */
export type Impl = (n: number) => Promise<Sample>;

/**
 * What every `workloads/<name>.ts` module exports: its implementations by name.
 *
 * @example
 * ```ts
 * export const impls: ImplTable = { tsio: runTsio, promise: runPromise };
 * ```
 */
export type ImplTable = Readonly<Record<string, Impl>>;

/**
 * An implementation whose module is imported only when it runs, so that a heavy library (Effect
 * loads ~20 MB of modules) sits only in its own child, never in a peer's heap or CPU profile.
 *
 * @example
 * ```ts
 * export const impls: ImplTable = { effect: lazyImpl(() => import("../effect/spawn-await.js")) };
 * ```
 */
export function lazyImpl(load: () => Promise<{ impl: Impl }>): Impl {
  return async (n) => (await load()).impl(n);
}
