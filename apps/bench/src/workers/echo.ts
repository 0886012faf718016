/**
 * The trivial job of the round-trip workloads: returns its argument. Loaded by raw piscina (the
 * default export) and by `threadModule` (the named export).
 *
 * @example
 * ```ts
 * echo(42); // 42
 * ```
 */
export function echo(value: number): number {
  return value;
}

export default echo;
