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
 * async resource's scope, which restores the prior frame as it is, copies it once. With light
 * frames one resource, made when this module loads, serves every task: its frame slot is set to
 * the task's `TaskFrame` for the start (`AsyncLocalStorage.snapshot()`'s bound function would add
 * a rest array, an unshift and two more calls per task start). Otherwise each task keeps the
 * resource made at its creation (`captureContext`). Older Nodes keep the store on the current
 * async resource, where `run()` is a pair of property writes. Either way the body starts in its
 * creator's context with `task` as the store, and what was before is restored.
 */
const frameBased = !Object.hasOwn(taskStorage, "kResourceStore");
const taskScope = new AsyncResource("tsio.task");
/** What `runInTask` hands to `enter`: passed this way, not as arguments, to spare a rest array. */
let enteringTask: Task<unknown> | null = null;
let enteringFn: ((task: Task<unknown>) => void) | null = null;

/**
 * Never given a value: a `TaskFrame` answers it with itself, so that reading it tells whether the
 * current frame is a task's own (a real frame, made by a `run()` inside the task, does not copy it).
 */
const frameProbe = new (taskStorage.constructor as new () => AsyncLocalStorage<TaskFrame>)();

/** What Node asks of a context frame: a Map's reads, and `disable`. */
type Frame = ReadonlyMap<unknown, unknown> & { disable?(storage: unknown): void };

/**
 * A task's own context frame, where the engine's frame is a `Map` (one entry costs a 184-byte hash
 * table per task, the largest object a task has): the task, and in `InheritingTaskFrame` the frame
 * it was created in (its creator's AsyncLocalStorage values, as asyncio's tasks copy their
 * creator's context). It answers what Node asks of a frame (`has`/`get` for `getStore()`, iteration
 * when an AsyncLocalStorage is entered inside the task and copies it into a real frame, `disable`).
 * Most tasks inherit nothing but tasks, so this one has no parent field: a word less per task.
 */
class TaskFrame {
  constructor(protected _task: Task<unknown> | undefined) {}

  has(storage: unknown): boolean {
    if (storage === taskStorage) return this._task !== undefined;
    return storage === frameProbe;
  }

  get(storage: unknown): unknown {
    if (storage === taskStorage) return this._task;
    return storage === frameProbe ? this : undefined;
  }

  /** `storage.disable()` inside the task: only the task's own entry is here to drop. */
  disable(storage: unknown): void {
    if (storage === taskStorage) this._task = undefined;
  }

  *[Symbol.iterator](): IterableIterator<[unknown, unknown]> {
    if (this._task !== undefined) yield [taskStorage, this._task];
  }

  /** The frame a task created inside this one inherits: the same values, without this task. */
  _inherited(): Frame | undefined {
    return undefined;
  }
}

/** A task's frame over the frame it was created in, whose values it inherits. */
class InheritingTaskFrame extends TaskFrame {
  constructor(
    task: Task<unknown> | undefined,
    private _parent: Frame,
  ) {
    super(task);
  }

  override has(storage: unknown): boolean {
    if (storage === taskStorage) return this._task !== undefined;
    if (storage === frameProbe) return true;
    return this._parent.has(storage);
  }

  override get(storage: unknown): unknown {
    if (storage === taskStorage) return this._task;
    if (storage === frameProbe) return this;
    return this._parent.get(storage);
  }

  /**
   * `storage.disable()` on a real frame deletes the entry for every continuation sharing the frame;
   * the creator's frame is not this task's to change, so an inherited entry is dropped from a copy.
   */
  override disable(storage: unknown): void {
    if (storage === taskStorage) this._task = undefined;
    else if (this._parent.has(storage)) {
      const copy = new Map(this._parent);
      copy.delete(storage);
      this._parent = copy;
    }
  }

  override *[Symbol.iterator](): IterableIterator<[unknown, unknown]> {
    for (const entry of this._parent) if (entry[0] !== taskStorage) yield entry;
    if (this._task !== undefined) yield [taskStorage, this._task];
  }

  override _inherited(): Frame | undefined {
    return this._parent;
  }
}

/** The frame a task enters: with a parent only when it inherits values. */
function taskFrame(task: Task<unknown>, context: Frame | undefined): TaskFrame {
  return context === undefined ? new TaskFrame(task) : new InheritingTaskFrame(task, context);
}

/**
 * The slot where `taskScope` keeps the frame it enters, when a task may enter a `TaskFrame` through
 * it: on a frame-based Node whose resources keep their frame under the symbol `context_frame`, when
 * nothing was in context as this module loaded (so resetting the slot after each start loses
 * nothing), and only if a check at load shows it behaves as a real frame. Otherwise `undefined`,
 * and a task enters a real frame (`enterWith`) in the scope of the resource made at its creation.
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

/**
 * @internal What a new task keeps of the context it is created in, so that its body sees its
 * creator's AsyncLocalStorage values (asyncio's tasks copy their creator's context). With light
 * frames, the frame its `TaskFrame` will sit on: `undefined` when nothing but tasks is in context,
 * the common case, which keeps nothing; otherwise an `AsyncResource` made here, whose scope the
 * body starts in. A resource is the one public way to read the current frame: with light frames
 * it is only made when the probe does not find a task's own frame, and dropped at once.
 */
export function captureContext(): object | undefined {
  if (lightFrameSlot !== undefined) {
    const current = frameProbe.getStore();
    // Created inside another task: inherit what that task inherited, not the task itself.
    if (current instanceof TaskFrame) return current._inherited();
  }
  const resource = new AsyncResource("tsio.task");
  if (lightFrameSlot === undefined) return resource;
  const frame = (resource as unknown as Record<symbol, Frame | undefined>)[lightFrameSlot];
  return frame instanceof TaskFrame ? frame._inherited() : frame;
}

/** @internal Runs `fn(task)` in `task`'s context (see `captureContext`): what every task body starts in. */
export function runInTask(task: Task<unknown>, context: object | undefined, fn: (task: Task<unknown>) => void): void {
  enteringTask = task;
  enteringFn = fn;
  if (lightFrameSlot !== undefined) {
    const resource = taskScope as unknown as Record<symbol, unknown>;
    resource[lightFrameSlot] = taskFrame(task, context as Frame | undefined);
    try {
      taskScope.runInAsyncScope(enter);
    } finally {
      // The resource must not keep the last task (and all it holds) alive.
      resource[lightFrameSlot] = undefined;
    }
  } else if (frameBased) (context as AsyncResource).runInAsyncScope(enter);
  else (context as AsyncResource).runInAsyncScope(enterWithRun);
}

/** Older Nodes keep stores on the current async resource: `run()` inside the creator's scope. */
function enterWithRun(): void {
  taskStorage.run(enteringTask!, enter);
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
