/**
 * The host's real timer functions, captured when this module loads, before any fake-timer library
 * can replace the globals. The virtual clock decides when to jump in real macrotasks, and measures
 * the `autojumpThreshold` in real time, also while `fakeGlobals` has swapped `setTimeout` out.
 */
export const realSetImmediate: typeof setImmediate = globalThis.setImmediate;
export const realClearImmediate: typeof clearImmediate = globalThis.clearImmediate;
export const realSetTimeout: typeof setTimeout = globalThis.setTimeout;
export const realClearTimeout: typeof clearTimeout = globalThis.clearTimeout;
/** Real monotonic time, for measuring real durations under faked `performance`. */
export const realNow: () => number = performance.now.bind(performance);

/** Resolves on a later real macrotask (after the loop's iteration and its microtasks). */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** Resolves after `ms` real milliseconds. */
export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}
