import type { HandleOwner } from "./handle.js";

/**
 * Called whenever a tsio future is awaited (its `then` runs). `@tsio/tasks` installs one to
 * register the awaiting task's waiter, which is how `task.cancel()` reaches an `await`. It may
 * throw (a pending cancellation) to make that `await` throw. What it returns labels the wake-up
 * handle in debug reports.
 */
export type AwaitHook = (awaited: object) => HandleOwner | undefined;

let hook: AwaitHook | null = null;

/**
 * Installs the process-wide await hook (one per realm; `@tsio/tasks` owns it). Returns the
 * previous hook so an installer can chain or restore it.
 *
 * @example
 * ```ts
 * const previous = setAwaitHook((future) => { console.log("awaited", future); return undefined; });
 * setAwaitHook(previous);
 * ```
 */
export function setAwaitHook(next: AwaitHook | null): AwaitHook | null {
  const previous = hook;
  hook = next;
  return previous;
}

/** @internal */
export function runAwaitHook(awaited: object): HandleOwner | undefined {
  return hook === null ? undefined : hook(awaited);
}
