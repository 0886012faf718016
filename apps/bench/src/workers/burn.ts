/**
 * A CPU-bound job: `iterations` rounds of integer mixing. Self-contained (no imports, no closure)
 * so `toThread` can send it by its source text; also loaded by raw piscina as the default export.
 *
 * @example
 * ```ts
 * burn(1_000_000); // a checksum, after a few milliseconds of work
 * ```
 */
export function burn(iterations: number): number {
  let x = 0x9e3779b9;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x = (x + i) | 0;
  }
  return x;
}

/** How many iterations make one job of about 20 ms on a current server core. */
export const BURN_ITERATIONS = 10_000_000;

export default burn;
