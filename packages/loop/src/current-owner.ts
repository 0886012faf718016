import { loopState } from "./loop-state.js";
import { assertFunction } from "./validate.js";

/**
 * Returns the task running the calling code, or `undefined` outside one. `@tsio/tasks` installs it;
 * primitives below the tasks layer (a `Lock` recording its holder) call it through `currentOwner()`.
 *
 * @example
 * ```ts
 * const probe: OwnerProbe = () => storage.getStore();
 * ```
 */
export type OwnerProbe = () => object | undefined;

/**
 * Installs the process-wide owner probe (one per realm, shared by every copy of `@tsio/loop`;
 * `@tsio/tasks` owns it). Returns the previous probe so an installer can restore it.
 *
 * @example
 * ```ts
 * const previous = setOwnerProbe(() => storage.getStore());
 * setOwnerProbe(previous);
 * ```
 */
export function setOwnerProbe(next: OwnerProbe | null): OwnerProbe | null {
  if (next !== null) assertFunction(next, "setOwnerProbe(probe): probe");
  const previous = loopState.ownerProbe ?? null;
  loopState.ownerProbe = next;
  return previous;
}

/**
 * The task running the calling code (as `@tsio/tasks` sees it), or `null` outside one or when no
 * tasks layer is loaded. Lets `@tsio/sync`, which imports only the kernel, say which task holds a
 * lock.
 *
 * @example
 * ```ts
 * this._holder = currentOwner(); // the task that took the lock
 * ```
 */
export function currentOwner(): object | null {
  const probe = loopState.ownerProbe;
  return probe == null ? null : (probe() ?? null);
}
