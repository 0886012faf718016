import { describeValue, EventLoop, getRunningLoop } from "@tsio/loop";
import type { Task } from "./task.js";
import { loopTasks } from "./task-registry.js";

/**
 * The tasks of the running loop (or of `loop`) that are not done yet.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   createTask(() => sleep(100));
 *   console.log(allTasks().size); // 2: main and the sleeper
 * });
 * ```
 */
export function allTasks(loop: EventLoop = getRunningLoop()): Set<Task<unknown>> {
  if (!(loop instanceof EventLoop)) throw new TypeError(`allTasks(loop): loop must be an EventLoop, got ${describeValue(loop)}.`);
  return new Set(loopTasks(loop).pending.toArray());
}
