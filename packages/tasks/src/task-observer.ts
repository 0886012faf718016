import type { Task } from "./task.js";

/**
 * Receives task lifecycle events, for tracing and test harnesses (`@tsio/testing` records them with
 * virtual timestamps). Each method is optional; they run synchronously inside the loop, so keep
 * them cheap and never throw from them.
 *
 * @example
 * ```ts
 * const observer: TaskObserver = {
 *   created: (task) => console.log("created", task.getName()),
 *   done: (task) => console.log("done", task.getName(), task.cancelled() ? "cancelled" : "finished"),
 * };
 * setTaskObserver(observer);
 * ```
 */
export interface TaskObserver {
  /** A task was created (its body has not started yet). */
  created?(task: Task<unknown>): void;
  /** The loop is about to run the task's body for the first time. */
  started?(task: Task<unknown>): void;
  /** The task has its final state: a result, an exception, or cancelled. */
  done?(task: Task<unknown>): void;
}

/**
 * @internal The installed observer. Read as a live binding by `task.ts`: when it is `null` the only
 * cost on the task paths is that comparison.
 */
export let taskObserver: TaskObserver | null = null;

/**
 * Installs the process-wide task observer (`null` removes it) and returns the previous one, so an
 * installer can restore it.
 *
 * @example
 * ```ts
 * const previous = setTaskObserver({ started: (task) => console.log("start", task.getName()) });
 * try {
 *   await run(main);
 * } finally {
 *   setTaskObserver(previous);
 * }
 * ```
 */
export function setTaskObserver(observer: TaskObserver | null): TaskObserver | null {
  if (observer !== null && typeof observer !== "object") {
    throw new TypeError("setTaskObserver(observer): observer must be an object with created/started/done methods or null.");
  }
  for (const key of ["created", "started", "done"] as const) {
    const method: unknown = observer?.[key];
    if (method !== undefined && typeof method !== "function") {
      throw new TypeError(`setTaskObserver(observer): observer.${key} must be a function when given, got ${typeof method}.`);
    }
  }
  const previous = taskObserver;
  taskObserver = observer;
  return previous;
}
