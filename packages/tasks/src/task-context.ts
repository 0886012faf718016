import { type AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { type Future, setOwnerProbe } from "@tsio/loop";
import { creationStack } from "./never-awaited.js";
import { tasksState } from "./shared-state.js";
import type { Task } from "./task.js";

/**
 * The task whose code is running. Each task body runs inside `taskStorage.run(task, ...)`, and
 * AsyncLocalStorage carries that through every `await`, `Promise.all` and helper function. Every
 * installed copy of @tsio/tasks uses the same one.
 */
export const taskStorage: AsyncLocalStorage<Task<unknown>> = tasksState.storage;

// Lets `@tsio/sync` (which imports only the kernel) record which task holds a lock.
setOwnerProbe(() => taskStorage.getStore());

/**
 * Node 24 (and 22 with `--experimental-async-context-frame`) keeps AsyncLocalStorage in immutable
 * context frames: `run()` copies the frame twice (to enter, then to restore). Entering inside an
 * async resource's scope, which restores the prior frame as it is, copies it once; one resource,
 * made when this module loads, serves every task (`AsyncLocalStorage.snapshot()`'s bound function
 * would add a rest array, an unshift and two more calls per task start, a third of its cost). Older
 * Nodes keep the store on the current async resource, where `run()` is a pair of property writes
 * and a resource scope is the costly part. Either way runs `fn` with `task` as the store and
 * restores what was.
 */
const frameBased = !Object.hasOwn(taskStorage, "kResourceStore");
const taskScope = new AsyncResource("tsio.task");
/** What `runInTask` hands to `enter`: passed this way, not as arguments, to spare a rest array. */
let enteringTask: Task<unknown> | null = null;
let enteringFn: ((task: Task<unknown>) => void) | null = null;

/**
 * A task's own context frame, where the engine's frame is a `Map` (one entry costs a 184-byte hash
 * table per task, the largest object a task has): one field. It answers what Node asks of a frame
 * (`has`/`get` for `getStore()`, iteration when an AsyncLocalStorage is entered inside the task and
 * copies it into a real frame, `disable`), for this one store; it is used only where the frame it
 * stands for would hold nothing else (see `lightFrameSlot`).
 */
class TaskFrame {
  constructor(private _task: Task<unknown> | undefined) {}

  has(storage: unknown): boolean {
    return storage === taskStorage && this._task !== undefined;
  }

  get(storage: unknown): Task<unknown> | undefined {
    return storage === taskStorage ? this._task : undefined;
  }

  /** `storage.disable()` on a real frame deletes the entry (for every continuation sharing the frame). */
  disable(storage: unknown): void {
    if (storage === taskStorage) this._task = undefined;
  }

  *[Symbol.iterator](): IterableIterator<[unknown, unknown]> {
    if (this._task !== undefined) yield [taskStorage, this._task];
  }
}

/**
 * The slot where `taskScope` keeps the frame it enters, when a task may enter a `TaskFrame` through
 * it: on a frame-based Node whose resources keep their frame under the symbol `context_frame`, when
 * nothing was in context as this module loaded (the frame every task starts from), and only if a
 * check at load shows it behaves as a real frame. Otherwise `undefined`, and a task enters a real
 * frame (`enterWith`), as before.
 */
const lightFrameSlot: symbol | undefined = findLightFrameSlot();

function findLightFrameSlot(): symbol | undefined {
  if (!frameBased) return undefined;
  const slot = Object.getOwnPropertySymbols(taskScope).find((s) => s.description === "context_frame");
  if (slot === undefined) return undefined;
  const resource = taskScope as unknown as Record<symbol, unknown>;
  if (resource[slot] !== undefined) return undefined;
  const probe = {} as Task<unknown>;
  const other = new (taskStorage.constructor as new () => AsyncLocalStorage<number>)();
  let works = false;
  resource[slot] = new TaskFrame(probe);
  try {
    taskScope.runInAsyncScope(() => {
      works = taskStorage.getStore() === probe && other.getStore() === undefined;
      other.run(1, () => {
        works &&= taskStorage.getStore() === probe && other.getStore() === 1;
      });
      works &&= taskStorage.getStore() === probe && other.getStore() === undefined;
    });
  } catch {
    works = false;
  } finally {
    resource[slot] = undefined;
  }
  return works && taskStorage.getStore() === undefined ? slot : undefined;
}

function enter(): void {
  const task = enteringTask!;
  const fn = enteringFn!;
  enteringTask = null;
  enteringFn = null;
  if (frameBased && lightFrameSlot === undefined) taskStorage.enterWith(task);
  fn(task);
}

/** @internal Runs `fn(task)` in `task`'s context: what every task body starts in. */
export function runInTask(task: Task<unknown>, fn: (task: Task<unknown>) => void): void {
  enteringTask = task;
  enteringFn = fn;
  if (lightFrameSlot !== undefined) {
    const resource = taskScope as unknown as Record<symbol, unknown>;
    resource[lightFrameSlot] = new TaskFrame(task);
    try {
      taskScope.runInAsyncScope(enter);
    } finally {
      // The resource must not keep the last task (and all it holds) alive.
      resource[lightFrameSlot] = undefined;
    }
  } else if (frameBased) taskScope.runInAsyncScope(enter);
  else taskStorage.run(task, enter);
}

/**
 * The task running the calling code, or `null` where no task's own code runs: outside any task
 * (in a plain loop callback, outside a loop), and in code that only inherited a task's context, such
 * as an http server's request handler registered inside the task, called while the task itself is
 * suspended on an `await`. There `currentTask()!.signal` throws at once instead of quietly handing
 * out the wrong task's signal: make such code a task (`createTask(fn)` or `runner.createTask(fn)`)
 * and use the task its function is handed. Debug mode reports each such call site once.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   console.log(currentTask()?.getName()); // "Task-1"
 * });
 * ```
 */
export function currentTask(): Task<unknown> | null {
  const task = taskStorage.getStore();
  if (task === undefined) return null;
  if (task._waiter === null && task._state === 0) return task;
  if (task._state === 0 && task._loop.getDebug()) reportForeignCurrentTask(task);
  return null;
}

/** Debug reports already made, by loop and call site: each site is reported once. */
const reportedSites = new WeakMap<object, Set<string>>();

function firstReport(task: Task<unknown>, site: string): boolean {
  let sites = reportedSites.get(task._loop);
  if (sites === undefined) {
    sites = new Set();
    reportedSites.set(task._loop, sites);
  }
  if (sites.has(site)) return false;
  sites.add(site);
  return true;
}

const FIX = "Make the callback a task of its own: runner.createTask((task) => ...) from ordinary code, or createTask((task) => ...) inside run().";

/** The caller's frame in a stack taken inside tsio, as `at fn (file:line:col)`. */
function callerFrame(stack: string | undefined, depth: number): string {
  return stack?.split("\n")[depth]?.trim() ?? "(unknown site)";
}

function reportForeignCurrentTask(task: Task<unknown>): void {
  const stack = new Error("called here").stack;
  const site = callerFrame(stack, 3);
  if (!firstReport(task, `currentTask|${site}`)) return;
  task._loop.callExceptionHandler({
    message:
      `currentTask() returned null ${site}: this code runs in the context of ${task.toString()} while that task waits on ` +
      `${String(task._waiter)}, so it is a callback that inherited the context (an http handler, an event listener), not the task's own code. ${FIX}`,
    task,
    createdAt: stack,
  });
}

/** @internal Debug mode: an await made in a task's context while the task itself is suspended. */
export function reportForeignAwait(task: Task<unknown>, awaited: object): void {
  // The await itself has no useful stack (it runs as a microtask job): where the awaited future was
  // created, in the callback, names the site when debug mode tracked it (sleep() does).
  const created = creationStack(task._loop, awaited as Future<unknown>);
  const site = created === undefined ? `${awaited.constructor.name} in ${task.getName()}` : callerFrame(created, 3);
  if (!firstReport(task, `await|${site}`)) return;
  task._loop.callExceptionHandler({
    message:
      `An await of ${awaited.toString()}${created === undefined ? "" : ` (created ${site})`} ran in the context of ${task.toString()} while that task waits on ${String(task._waiter)}: ` +
      `it comes from a callback registered inside the task (an http handler, an event listener) or another branch of a Promise.all. ` +
      `Cancelling the task does not interrupt it. ${FIX} (Combine a task's own awaits with gather(), not Promise.all.)`,
    task,
  });
}
