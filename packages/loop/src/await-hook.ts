import type { HandleOwner } from "./handle.js";
import { loopState } from "./loop-state.js";
import { assertFunction } from "./validate.js";

/**
 * Called whenever a tsio future is awaited (its `then` runs). `@tsio/tasks` installs one to
 * register the awaiting task's waiter, which is how `task.cancel()` reaches an `await`. It may
 * throw (a pending cancellation) to make that `await` throw. What it returns labels the wake-up
 * handle in debug reports. `isAwait` is false for a `then(callback)` call that the caller chains on
 * (its code goes on at once, it is not suspended), true for an `await` or a promise adopting the
 * future.
 */
export type AwaitHook = (awaited: object, isAwait?: boolean) => HandleOwner | undefined;

/**
 * Installs the process-wide await hook (one per realm, shared by every copy of `@tsio/loop`, so
 * awaiting one copy's future in another copy's task still reaches the task; `@tsio/tasks` owns
 * it). Returns the previous hook so an installer can chain or restore it.
 *
 * @example
 * ```ts
 * const previous = setAwaitHook((future) => { console.log("awaited", future); return undefined; });
 * setAwaitHook(previous);
 * ```
 */
export function setAwaitHook(next: AwaitHook | null): AwaitHook | null {
  if (next !== null) assertFunction(next, "setAwaitHook(hook): hook");
  const previous = loopState.awaitHook;
  loopState.awaitHook = next;
  return previous;
}

/** @internal */
export function runAwaitHook(awaited: object, isAwait: boolean): HandleOwner | undefined {
  const hook = loopState.awaitHook;
  return hook === null ? undefined : hook(awaited, isAwait);
}

/**
 * Throws the current task's pending cancellation request, if there is one; installed by
 * `@tsio/tasks` next to the await hook.
 *
 * @example
 * ```ts
 * const previous = setCancellationProbe(() => {
 *   if (stopRequested) throw new CancelledError();
 * });
 * ```
 */
export type CancellationProbe = () => void;

/**
 * Installs the process-wide cancellation probe (`@tsio/tasks` owns it) that `cancellationPoint()`
 * runs. Returns the previous probe so an installer can restore it.
 *
 * @example
 * ```ts
 * const previous = setCancellationProbe(myProbe);
 * setCancellationProbe(previous);
 * ```
 */
export function setCancellationProbe(next: CancellationProbe | null): CancellationProbe | null {
  if (next !== null) assertFunction(next, "setCancellationProbe(probe): probe");
  const previous = loopState.cancellationProbe;
  loopState.cancellationProbe = next;
  return previous;
}

/**
 * A cancellation point for code that was just woken from an `await` and is about to act on it. If
 * the current task was asked to cancel since that wake-up was queued, this throws the
 * `CancelledError` asyncio raises at the woken `await` (tsio's `await` has already resumed by then);
 * otherwise, and outside a task, it does nothing. Primitives that take something irrevocable right
 * after waking call it first: `Queue.get()` must not take an item for a task that is being
 * cancelled, or the item would be lost along with the task's result.
 *
 * @example
 * ```ts
 * await waiter;
 * cancellationPoint(); // throws CancelledError if cancel() arrived meanwhile
 * return store.take();
 * ```
 */
export function cancellationPoint(): void {
  const probe = loopState.cancellationProbe;
  if (probe !== null) probe();
}
