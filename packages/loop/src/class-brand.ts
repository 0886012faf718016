const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * Makes `instanceof` recognise the instances of every installed copy of the package that defines
 * the class. Two copies of a package are two classes, so without it a `CancelledError` thrown by a
 * framework's copy of `@tsio/loop` is not `instanceof` the app's `CancelledError`. A branded class
 * puts a mark, `Symbol.for("tsio.class." + id)`, on its prototype, and its `instanceof` looks for
 * that mark instead of for the one prototype. A subclass the user derives from a branded class
 * keeps the ordinary `instanceof`; tsio's own subclasses are branded each. Call it once per class
 * (its static block is the place), with an `id` that changes only when instances of the new
 * release can no longer stand in for the old one's. Not for classes on hot `instanceof` paths:
 * the check becomes a call.
 *
 * @example
 * ```ts
 * export class PoolClosedError extends Error {
 *   static {
 *     brandClass(PoolClosedError, "my-plugin.PoolClosedError");
 *   }
 * }
 * ```
 */
export function brandClass(cls: abstract new (...args: never[]) => object, id: string): void {
  if (typeof cls !== "function") {
    throw new TypeError(`brandClass(cls, id): cls must be a class, got ${typeof cls}.`);
  }
  if (typeof id !== "string" || id === "") {
    throw new TypeError("brandClass(cls, id): id must be a non-empty string naming the class.");
  }
  const brand = Symbol.for(`tsio.class.${id}`);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      // Inherited by a subclass the user wrote: that one has no brand of its own.
      if (this !== cls) return ordinaryHasInstance.call(this, value);
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    },
  });
}
