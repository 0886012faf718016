/**
 * A small seeded pseudo-random generator (mulberry32), so every implementation of a workload gets
 * the same "random" deadlines.
 *
 * @example
 * ```ts
 * const next = seededRandom(42);
 * next(); // a number in [0, 1), the same on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` whole-millisecond delays spread uniformly over 0–`maxMs`, from a fixed seed.
 *
 * @example
 * ```ts
 * randomDelays(3, 200); // e.g. [137, 4, 88]
 * ```
 */
export function randomDelays(n: number, maxMs: number, seed = 20240611): number[] {
  const next = seededRandom(seed);
  const delays = new Array<number>(n);
  for (let i = 0; i < n; i++) delays[i] = Math.floor(next() * (maxMs + 1));
  return delays;
}

/**
 * The span of timers-random's deadlines (0–200 ms), shared by every implementation.
 *
 * @example
 * ```ts
 * const delays = randomDelays(n, TIMER_SPAN_MS);
 * ```
 */
export const TIMER_SPAN_MS = 200;
