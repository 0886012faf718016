import { AsyncLocalStorage } from "node:async_hooks";
import type { Task } from "./task.js";

/**
 * The task whose code is running. Each task body runs inside `taskStorage.run(task, ...)`, and
 * AsyncLocalStorage carries that through every `await`, `Promise.all` and helper function.
 */
export const taskStorage = new AsyncLocalStorage<Task<unknown>>();

/**
 * The task running the calling code, or `null` outside any task (in a plain loop callback, or
 * outside a loop).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   console.log(currentTask()?.getName()); // "Task-1"
 * });
 * ```
 */
export function currentTask(): Task<unknown> | null {
  return taskStorage.getStore() ?? null;
}
