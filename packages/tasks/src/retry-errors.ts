/** The own property `retry()` puts on the error it throws. */
const KEY = "retryErrors";

/**
 * @internal Records every attempt's failure on the error `retry()` is about to throw (the last of
 * them) as a non-enumerable, configurable own property, so the thrown value keeps its identity and
 * class while logs and `JSON.stringify` show it as they did before. Primitives, frozen or sealed
 * objects, and objects holding a `retryErrors` of their own that cannot be redefined are left as
 * they are: the error is thrown either way.
 */
export function attachRetryErrors(error: unknown, errors: readonly unknown[]): void {
  if ((typeof error !== "object" && typeof error !== "function") || error === null || !Object.isExtensible(error)) return;
  try {
    // Reflect.defineProperty reports a property that cannot be redefined instead of throwing; the
    // catch is for proxies whose trap throws.
    Reflect.defineProperty(error, KEY, { value: Object.freeze(errors.slice()), enumerable: false, configurable: true, writable: false });
  } catch {
    // The error is still thrown as it is.
  }
}

/**
 * Every attempt's failure, first to last (the last is `error` itself), when `error` was thrown by
 * `retry()` after its attempts ran out or `retryIf` turned a failure down; `undefined` for any other
 * value, and for a primitive or frozen error, which `retry()` throws without the list.
 *
 * @example
 * ```ts
 * try {
 *   await retry(() => fetchJson(url), { attempts: 3 });
 * } catch (err) {
 *   // err is the last attempt's own error: instanceof checks work unchanged
 *   const earlier = retryErrors(err) ?? [err];
 *   console.error(`gave up after ${earlier.length} attempts:`, err);
 * }
 * ```
 */
export function retryErrors(error: unknown): readonly unknown[] | undefined {
  if ((typeof error !== "object" && typeof error !== "function") || error === null) return undefined;
  const own = Object.getOwnPropertyDescriptor(error, KEY);
  return own !== undefined && Array.isArray(own.value) ? (own.value as readonly unknown[]) : undefined;
}
