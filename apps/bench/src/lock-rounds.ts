/**
 * How many tasks take turns on the lock in lock-contended, in every implementation.
 *
 * @example
 * ```ts
 * for (let t = 0; t < LOCK_TASKS; t++) createTask(worker);
 * ```
 */
export const LOCK_TASKS = 1_000;

/**
 * The acquisitions each task makes so that all of them make about `n` (at least one each).
 *
 * @example
 * ```ts
 * roundsPerTask(100_000); // 100
 * ```
 */
export function roundsPerTask(n: number): number {
  return Math.max(1, Math.round(n / LOCK_TASKS));
}
