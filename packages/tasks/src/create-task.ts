import { checkOptions, getRunningLoop } from "@tsio/loop";
import { Task, type TaskFunction } from "./task.js";
import { assertTaskFunction } from "./task-function.js";

/**
 * Options for `createTask`.
 *
 * @example
 * ```ts
 * const options: CreateTaskOptions = { name: "fetch-user-1" };
 * ```
 */
export interface CreateTaskOptions {
  /** A name for reports and traces; `Task-N` by default. */
  name?: string;
}

/**
 * Schedules `fn` to start on the running loop as a new task and returns the task at once. Pass a
 * function, not a promise: JavaScript starts an async function the moment it is called, so the
 * loop can only decide when (and whether) work starts if it gets the function.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const t1 = createTask(() => fetchUser(1));
 *   const t2 = createTask(() => fetchUser(2));
 *   console.log(await gather(t1, t2)); // ["user_1", "user_2"]
 * });
 * ```
 */
export function createTask<T>(fn: TaskFunction<T>, options?: CreateTaskOptions): Task<T> {
  assertTaskFunction(fn, "createTask", "createTask(() => fetchUser(1))");
  if (options === undefined) return new Task<T>(fn, getRunningLoop());
  return new Task<T>(fn, getRunningLoop(), checkOptions(options, ["name"], "createTask(fn, options)").name);
}
