import { describeValue, EventLoop } from "@tsio/loop";
import { tasksState } from "./shared-state.js";
import type { Task } from "./task.js";

/**
 * The loop's pending tasks as an intrusive doubly linked list (the links live on the tasks):
 * adding and removing allocate nothing, which matters at hundreds of thousands of tasks.
 * It holds every pending task strongly, unlike asyncio, so none is collected mid-run.
 */
export class PendingTasks {
  head: Task<unknown> | null = null;
  size = 0;

  add(task: Task<unknown>): void {
    task._nextPending = this.head;
    if (this.head !== null) this.head._prevPending = task;
    this.head = task;
    this.size++;
  }

  delete(task: Task<unknown>): void {
    const prev = task._prevPending;
    const next = task._nextPending;
    if (prev === null && this.head !== task) return;
    if (prev !== null) prev._nextPending = next;
    else this.head = next;
    if (next !== null) next._prevPending = prev;
    task._prevPending = null;
    task._nextPending = null;
    this.size--;
  }

  /** Oldest first. */
  toArray(): Task<unknown>[] {
    const out: Task<unknown>[] = [];
    for (let t = this.head; t !== null; t = t._nextPending) out.push(t);
    return out.reverse();
  }
}

/** What the tasks layer keeps per loop. */
export interface LoopTasks {
  readonly pending: PendingTasks;
  /** Tasks that failed; checked for unretrieved exceptions when the loop shuts down. */
  readonly failed: Set<Task<unknown>>;
  /** Size of `failed` at which the retrieved ones are swept out (see `trackFailed`). */
  sweepAt: number;
}

/** Shared with every installed copy of @tsio/tasks, so each sees the tasks the others started. */
const registry = tasksState.loops;

/** `failed` is never swept below this size: sweeping costs a pass over it. */
const SWEEP_MIN = 1024;

/**
 * @internal Remembers a failed task until its exception is retrieved or reported. A loop that
 * runs for days (a server's `run(main)`, a long-lived `Runner`) sees failures handled all the time:
 * once `failed` doubles, the ones whose exception was retrieved are dropped, so it holds only the
 * failures nobody has looked at yet.
 */
export function trackFailed(task: Task<unknown>): void {
  const entry = loopTasks(task._loop);
  entry.failed.add(task);
  if (entry.failed.size < entry.sweepAt) return;
  for (const failed of entry.failed) if (!failed._unretrieved) entry.failed.delete(failed);
  entry.sweepAt = Math.max(SWEEP_MIN, entry.failed.size * 2);
}

/** @internal The bookkeeping for `loop`, created on first use. */
export function loopTasks(loop: EventLoop): LoopTasks {
  // Every task start and finish asks; nearly always for the same loop as last time.
  if (loop === lastLoop) return lastEntry!;
  let entry = registry.get(loop);
  if (entry === undefined) {
    entry = { pending: new PendingTasks(), failed: new Set(), sweepAt: SWEEP_MIN };
    registry.set(loop, entry);
  }
  lastLoop = loop;
  lastEntry = entry;
  return entry;
}

/** The last loop asked about; a WeakRef would cost more than the one loop it may keep alive. */
let lastLoop: EventLoop | null = null;
let lastEntry: LoopTasks | null = null;

/**
 * Reports every failed task whose exception nobody looked at ("Task exception was never
 * retrieved"), then forgets them. `run()` and `Runner.close()` call it for you; call it yourself
 * to check earlier, e.g. at the end of a test, before the loop closes.
 *
 * @example
 * ```ts
 * const loop = runner.getLoop();
 * loop.setExceptionHandler((_loop, context) => problems.push(context.message));
 * await runner.run(main);
 * reportUnretrieved(loop); // problems now lists every failed task nobody awaited
 * ```
 */
export function reportUnretrieved(loop: EventLoop): void {
  if (!(loop instanceof EventLoop)) throw new TypeError(`reportUnretrieved(loop): loop must be an EventLoop, got ${describeValue(loop)}.`);
  const { failed } = loopTasks(loop);
  for (const task of failed) {
    if (task._unretrieved) {
      task._unretrieved = false;
      loop.callExceptionHandler({
        message: `Task exception was never retrieved: ${task.toString()}`,
        exception: task._exception,
        future: task,
        task,
        // Debug mode: where the task was created, as asyncio's source traceback.
        createdAt: task._extra?.createdAt,
      });
    }
  }
  failed.clear();
}
