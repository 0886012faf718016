import { AsyncLocalStorage } from "node:async_hooks";
import { brandClass, type EventLoop, shareAcrossCopies } from "@tsio/loop";
import type { Task } from "./task.js";
import type { LoopTasks } from "./task-registry.js";

/** @internal What every copy of @tsio/tasks of this protocol shares with the others. */
export interface TasksState {
  /** The running task: one store, so `currentTask()` of any copy sees a task of any copy. */
  readonly storage: AsyncLocalStorage<Task<unknown>>;
  /** Per loop, its pending and failed tasks: `allTasks()` and shutdown see every copy's tasks. */
  readonly loops: WeakMap<EventLoop, LoopTasks>;
}

/**
 * Numbers the layout of `TasksState` and the internal fields and methods one copy's await hook
 * uses on another copy's tasks: bump it when a release changes either.
 */
// 2: tasks carry a stack of cancel scopes and requests a shielded scope holds (`_cancelFrom`,
//    `_scopesChanged`, `_extra.scopes`/`_extra.held`); a copy of protocol 1 would ignore them.
const TASKS_PROTOCOL = 2;

/**
 * @internal Called from `Task`'s static block: a task another installed copy of this protocol
 * started is then `instanceof Task` here too (so `timeout()` inside it accepts it).
 */
export function brandTask(cls: typeof Task): void {
  brandClass(cls, `Task.v${TASKS_PROTOCOL}`);
}

/** @internal Resolved once, at module load. */
export const tasksState: TasksState = shareAcrossCopies("@tsio/tasks", TASKS_PROTOCOL, import.meta.url, () => ({
  storage: new AsyncLocalStorage<Task<unknown>>(),
  loops: new WeakMap<EventLoop, LoopTasks>(),
}));
