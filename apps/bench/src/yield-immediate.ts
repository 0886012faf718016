/**
 * The plain-Promise way to yield one turn of Node's event loop: a promise `setImmediate` resolves.
 *
 * @example
 * ```ts
 * for (let i = 0; i < 3; i++) await yieldImmediate();
 * ```
 */
export function yieldImmediate(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
