import { AsyncLocalStorage } from "node:async_hooks";
import { tasksState } from "./shared-state.js";
import type { Task } from "./task.js";

/**
 * The task whose code is running. Each task body runs inside `taskStorage.run(task, ...)`, and
 * AsyncLocalStorage carries that through every `await`, `Promise.all` and helper function. Every
 * installed copy of @tsio/tasks uses the same one.
 */
export const taskStorage: AsyncLocalStorage<Task<unknown>> = tasksState.storage;

/**
 * Node 24 (and 22 with `--experimental-async-context-frame`) keeps AsyncLocalStorage in immutable
 * context frames: `run()` copies the frame twice (to enter, then to restore). Entering inside a
 * snapshot scope, which restores the prior frame as it is, copies it once. Older Nodes keep the
 * store on the current async resource, where `run()` is a pair of property writes and a snapshot
 * scope is the costly part. Either way runs `fn` with `task` as the store and restores what was.
 */
const frameBased = !Object.hasOwn(taskStorage, "kResourceStore");
const inOwnScope: <R>(fn: () => R) => R = AsyncLocalStorage.snapshot();
/** What `runInTask` hands to `enter`: passed this way, not as arguments, to spare a rest array. */
let enteringTask: Task<unknown> | null = null;
let enteringFn: ((task: Task<unknown>) => void) | null = null;

function enter(): void {
  const task = enteringTask!;
  const fn = enteringFn!;
  enteringTask = null;
  enteringFn = null;
  if (frameBased) taskStorage.enterWith(task);
  fn(task);
}

/** @internal Runs `fn(task)` in `task`'s context: what every task body starts in. */
export function runInTask(task: Task<unknown>, fn: (task: Task<unknown>) => void): void {
  enteringTask = task;
  enteringFn = fn;
  if (frameBased) inOwnScope(enter);
  else taskStorage.run(task, enter);
}

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
