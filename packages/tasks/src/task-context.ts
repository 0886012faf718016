import { AsyncLocalStorage } from "node:async_hooks";
import type { Task } from "./task.js";

/**
 * The task whose code is running. Each task body runs inside `taskStorage.run(task, ...)`, and
 * AsyncLocalStorage carries that through every `await`, `Promise.all` and helper function.
 */
export const taskStorage = new AsyncLocalStorage<Task<unknown>>();

/**
 * Node 24 (and 22 with `--experimental-async-context-frame`) keeps AsyncLocalStorage in immutable
 * context frames: `run()` copies the frame twice (to enter, then to restore). Entering inside a
 * snapshot scope, which restores the prior frame as it is, copies it once. Older Nodes keep the
 * store on the current async resource, where `run()` is a pair of property writes and a snapshot
 * scope is the costly part. Either way runs `fn` with `task` as the store and restores what was.
 */
const frameBased = !Object.hasOwn(taskStorage, "kResourceStore");
const inOwnScope: <R>(fn: () => R) => R = AsyncLocalStorage.snapshot();
let entering: Task<unknown> | null = null;
let enteredFn: (() => void) | null = null;

function enterAndRun(): void {
  const task = entering!;
  const fn = enteredFn!;
  entering = null;
  enteredFn = null;
  taskStorage.enterWith(task);
  fn();
}

/** @internal Runs `fn` in `task`'s context: what every task body starts in. */
export function runInTask(task: Task<unknown>, fn: () => void): void {
  if (!frameBased) {
    taskStorage.run(task, fn);
    return;
  }
  entering = task;
  enteredFn = fn;
  inOwnScope(enterAndRun);
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
