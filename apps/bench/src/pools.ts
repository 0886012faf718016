import { Piscina } from "piscina";

/**
 * The pool settings every thread workload uses, for tsio's `ThreadPool` and raw piscina alike:
 * two threads, kept alive, on this 2-core machine.
 *
 * @example
 * ```ts
 * new ThreadPool(POOL_SETTINGS);
 * ```
 */
export const POOL_SETTINGS = { minThreads: 2, maxThreads: 2, idleTimeout: 10_000 } as const;

/**
 * A URL of one of the bench's worker modules (`dist/workers/<name>.js`).
 *
 * @example
 * ```ts
 * workerUrl("echo"); // file:///…/apps/bench/dist/workers/echo.js
 * ```
 */
export function workerUrl(name: "echo" | "burn"): URL {
  return new URL(`./workers/${name}.js`, import.meta.url);
}

/**
 * A raw piscina pool over a worker module, with both threads started before it is returned.
 *
 * @example
 * ```ts
 * const pool = await rawPiscina("echo");
 * await pool.run(42); // 42
 * await pool.destroy();
 * ```
 */
export async function rawPiscina(name: "echo" | "burn"): Promise<Piscina> {
  const pool = new Piscina({ filename: workerUrl(name).href, ...POOL_SETTINGS });
  await Promise.all(Array.from({ length: POOL_SETTINGS.maxThreads * 2 }, () => pool.run(0)));
  return pool;
}
