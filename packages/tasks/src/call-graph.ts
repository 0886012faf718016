import {
  type AwaitDescription,
  type AwaitKind,
  describeAwaitable,
  describeValue,
  type EventLoop,
  Future,
  getRunningLoop,
  shareAcrossCopies,
} from "@tsio/loop";
import { creationSite } from "./creation-site.js";
import { Task } from "./task.js";
import { taskStorage } from "./task-context.js";
import { loopTasks } from "./task-registry.js";

/**
 * Where a task is in its life when the graph is captured: `scheduled` (created, not started yet),
 * `running` (the task that captured the graph), `waiting` (suspended on an await), or done.
 *
 * @example
 * ```ts
 * const waiting = graph.tasks.filter((t) => t.state === ("waiting" satisfies CallGraphTaskState));
 * ```
 */
export type CallGraphTaskState = "scheduled" | "running" | "waiting" | "finished" | "failed" | "cancelled";

/**
 * What a task awaits right now, as the call graph shows it.
 *
 * @example
 * ```ts
 * const blockers: number[] = graph.tasks[0].awaiting?.tasks ?? [];
 * ```
 */
export interface CallGraphAwait {
  /** `task`, `gather`, `lock`, `sleep`, ... or `foreign` for a promise tsio cannot see into. */
  readonly kind: AwaitKind;
  /** A short description, e.g. `<Lock locked waiters=1>`. */
  readonly label: string;
  /** For a sleep or a timeout: when it fires, in loop time (ms). */
  readonly deadline?: number;
  /** The ids of the tasks this await waits on: the awaited task, gather's children, a lock's holder. */
  readonly tasks: number[];
  /** For a sync primitive or queue: the ids of every task queued on it. */
  readonly waiters?: number[];
}

/**
 * One task in a captured call graph: plain data, safe to `JSON.stringify`.
 *
 * @example
 * ```ts
 * for (const t of captureCallGraph().tasks) console.log(t.id, t.name, t.state, t.awaiting?.label);
 * ```
 */
export interface CallGraphTask {
  /** A number for the task, stable for the life of the process (not its name: names repeat). */
  readonly id: number;
  readonly name: string;
  readonly state: CallGraphTaskState;
  /** Debug mode: where the task was created (`fn (file:line:col)`). */
  readonly createdAt?: string;
  /** Debug mode: how long ago (ms, loop time) the task was created. */
  readonly ageMs?: number;
  /** What it awaits right now; `null` while scheduled, running or done. */
  readonly awaiting: CallGraphAwait | null;
  /** The ids of the tasks waiting on this one (directly, or through gather, a lock it holds, ...). */
  readonly awaitedBy: number[];
}

/**
 * A node of the await tree: a task and the tasks it awaits. A task already on the path from the
 * root is marked `cycle` instead of being expanded again; one already expanded elsewhere `repeat`.
 *
 * @example
 * ```ts
 * const walk = (n: CallGraphNode, depth = 0): void => {
 *   console.log(" ".repeat(depth * 2) + n.id + (n.cycle ? " (cycle)" : ""));
 *   for (const child of n.awaits) walk(child, depth + 1);
 * };
 * ```
 */
export interface CallGraphNode {
  readonly id: number;
  readonly awaits: CallGraphNode[];
  readonly cycle?: true;
  readonly repeat?: true;
}

/**
 * A snapshot of what tasks await and who awaits them (asyncio 3.14's call graph), as plain,
 * JSON-serializable data. `tasks` is the flat list (what `tsio ps` prints), `roots` the await tree
 * from the tasks nobody awaits (what `tsio pstree` prints), `cycles` every await cycle found
 * (tasks waiting on each other, also through locks), each as the ids around it.
 *
 * @example
 * ```ts
 * const graph: CallGraph = captureCallGraph();
 * if (graph.cycles.length > 0) console.error("deadlocked:", graph.cycles);
 * ```
 */
export interface CallGraph {
  /** The loop time (ms) of the capture. */
  readonly capturedAt: number;
  /** Whether the loop runs in debug mode (creation sites and ages are recorded only then). */
  readonly debug: boolean;
  readonly tasks: CallGraphTask[];
  readonly roots: CallGraphNode[];
  readonly cycles: number[][];
}

/** Ids shared by every installed copy, so a task keeps its number whichever copy captures. */
const ids = shareAcrossCopies("@tsio/tasks:call-graph-ids", 0, import.meta.url, () => ({
  byTask: new WeakMap<object, number>(),
  next: 1,
}));

function idOf(task: Task<unknown>): number {
  let id = ids.byTask.get(task);
  if (id === undefined) {
    id = ids.next++;
    ids.byTask.set(task, id);
  }
  return id;
}

/** How deep a description may nest (a shield of a gather of a shield ...) before it is cut off. */
const MAX_NESTING = 32;

/** What a task's await resolves to: the description, and the tasks behind it. */
interface Resolved {
  readonly description: AwaitDescription;
  readonly tasks: Set<Task<unknown>>;
  readonly waiters: Set<Task<unknown>>;
}

/**
 * Captures the call graph. Without an argument it covers every pending task of the running loop;
 * given a task, that task, the tasks it awaits and those awaiting it (on the task's own loop).
 * Unlike asyncio, whose `capture_call_graph()` defaults to the current task, the whole loop is the
 * default: that is what a stuck program needs; pass `currentTask()` for asyncio's view. Nothing is
 * recorded for it while tasks run: tasks already keep what they await, and each awaitable
 * describes itself only now. Throws `EventLoopError` without an argument outside a running loop.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const lock = new Lock();
 *   await lock.acquire();
 *   createTask(() => lock.acquire(), { name: "blocked" });
 *   await sleep(0);
 *   const graph = captureCallGraph();
 *   console.log(graph.tasks.find((t) => t.name === "blocked")?.awaiting?.kind); // "lock"
 * });
 * ```
 */
export function captureCallGraph(task?: Task<unknown>): CallGraph {
  if (task !== undefined && !(task instanceof Task)) {
    throw new TypeError(`captureCallGraph(task): task must be a Task (or omitted for every task of the running loop), got ${describeValue(task)}.`);
  }
  const loop = task === undefined ? getRunningLoop() : task._loop;
  return buildGraph(loop, task);
}

/** @internal The graph of `loop`'s pending tasks, or of `focus` and its neighbourhood. */
export function buildGraph(loop: EventLoop, focus?: Task<unknown>): CallGraph {
  const now = loop.time();
  const pending = loopTasks(loop).pending.toArray();
  if (focus !== undefined && !pending.includes(focus)) pending.push(focus);
  // Which tasks wait on each future (a lock's waiter future, a task): the graph's reverse lookup.
  const awaitersOf = new Map<object, Task<unknown>[]>();
  for (const t of pending) {
    const w = t._waiter;
    if (w === null) continue;
    const list = awaitersOf.get(w);
    if (list === undefined) awaitersOf.set(w, [t]);
    else list.push(t);
  }
  const resolved = new Map<Task<unknown>, Resolved | null>();
  for (const t of pending) resolved.set(t, resolveAwait(t, awaitersOf));
  const awaitedBy = new Map<Task<unknown>, Set<Task<unknown>>>();
  for (const [t, r] of resolved) {
    if (r === null) continue;
    for (const target of r.tasks) {
      let set = awaitedBy.get(target);
      if (set === undefined) {
        set = new Set();
        awaitedBy.set(target, set);
      }
      set.add(t);
    }
  }
  const scope = focus === undefined ? pending : neighbourhood(focus, resolved, awaitedBy);
  // Numbered in creation order (the pending list is oldest first) before anything refers to them.
  for (const t of scope) idOf(t);
  const inScope = new Set(scope);
  const edges = (t: Task<unknown>): Task<unknown>[] => [...(resolved.get(t)?.tasks ?? [])].filter((x) => inScope.has(x));
  const tasks = scope.map((t) => describeTask(t, resolved.get(t) ?? null, awaitedBy.get(t), now));
  const cycles = findCycles(scope, edges);
  const roots = buildTree(scope, edges, (t) => [...(awaitedBy.get(t) ?? [])].some((x) => inScope.has(x)), cycles);
  return { capturedAt: now, debug: loop.getDebug(), tasks, roots, cycles: cycles.map((c) => c.map(idOf)) };
}

/** The task, the tasks it (transitively) awaits and those (transitively) awaiting it. */
function neighbourhood(
  focus: Task<unknown>,
  resolved: Map<Task<unknown>, Resolved | null>,
  awaitedBy: Map<Task<unknown>, Set<Task<unknown>>>,
): Task<unknown>[] {
  const seen = new Set<Task<unknown>>([focus]);
  const walk = (next: (t: Task<unknown>) => Iterable<Task<unknown>>): void => {
    const stack = [focus];
    while (stack.length > 0) {
      for (const other of next(stack.pop()!)) {
        if (seen.has(other)) continue;
        seen.add(other);
        stack.push(other);
      }
    }
  };
  walk((t) => resolved.get(t)?.tasks ?? []);
  walk((t) => awaitedBy.get(t) ?? []);
  return [...seen];
}

function resolveAwait(task: Task<unknown>, awaitersOf: Map<object, Task<unknown>[]>): Resolved | null {
  if (task._state !== 0) return null;
  const waiter = task._waiter;
  if (waiter === null) {
    // Not started, or the task capturing the graph: neither awaits anything.
    if (task._waiterTurn === -1 || taskStorage.getStore() === task) return null;
    // Suspended, yet on no tsio awaitable: it awaits a promise tsio cannot see into.
    return {
      description: { kind: "foreign", label: "a promise that is not a tsio awaitable (fetch, fs, a timer, ...)" },
      tasks: new Set(),
      waiters: new Set(),
    };
  }
  const tasks = new Set<Task<unknown>>();
  const waiters = new Set<Task<unknown>>();
  const description = collect(waiter, tasks, waiters, awaitersOf, new Set(), 0);
  tasks.delete(task);
  waiters.delete(task);
  return { description, tasks, waiters };
}

/** Describes `awaited` and gathers the tasks behind it, following nested awaitables. */
function collect(
  awaited: object,
  tasks: Set<Task<unknown>>,
  waiters: Set<Task<unknown>>,
  awaitersOf: Map<object, Task<unknown>[]>,
  visited: Set<object>,
  depth: number,
): AwaitDescription {
  const description = describeAwaitable(awaited);
  if (awaited instanceof Task) {
    tasks.add(awaited);
    return description;
  }
  if (visited.has(awaited) || depth > MAX_NESTING) return description;
  visited.add(awaited);
  for (const inner of description.awaits ?? []) {
    if (inner instanceof Task) tasks.add(inner);
    else if (inner instanceof Future) collect(inner, tasks, waiters, awaitersOf, visited, depth + 1);
  }
  for (const holder of description.holders ?? []) if (holder instanceof Task && holder._state === 0) tasks.add(holder);
  for (const w of description.waiters ?? []) {
    if (w instanceof Task) waiters.add(w);
    else for (const t of awaitersOf.get(w) ?? []) waiters.add(t);
  }
  return description;
}

function describeTask(
  task: Task<unknown>,
  resolved: Resolved | null,
  awaitedBy: Set<Task<unknown>> | undefined,
  now: number,
): CallGraphTask {
  const extra = task._extra;
  const site = creationSite(extra?.createdAt);
  const created = extra?.createdTime;
  let awaiting: CallGraphAwait | null = null;
  if (resolved !== null) {
    const { kind, label, deadline } = resolved.description;
    awaiting = {
      kind,
      label,
      ...(deadline !== undefined && { deadline }),
      tasks: [...resolved.tasks].map(idOf),
      ...(resolved.waiters.size > 0 && { waiters: [...resolved.waiters].map(idOf) }),
    };
  }
  return {
    id: idOf(task),
    name: task.getName(),
    state: stateOf(task, resolved),
    ...(site !== undefined && { createdAt: site }),
    ...(created !== undefined && { ageMs: now - created }),
    awaiting,
    awaitedBy: [...(awaitedBy ?? [])].map(idOf),
  };
}

function stateOf(task: Task<unknown>, resolved: Resolved | null): CallGraphTaskState {
  if (task._state === 2) return "cancelled";
  if (task._state !== 0) return task._exception === undefined ? "finished" : "failed";
  if (resolved !== null) return "waiting";
  return task._waiterTurn === -1 ? "scheduled" : "running";
}

/**
 * Every elementary await cycle, each once, starting at its lowest-placed task: a depth-first search
 * per start task that only visits tasks placed after it (Johnson's idea, without the blocking sets,
 * which call graphs of this size do not need). Capped, so a pathological graph cannot hang a capture.
 */
function findCycles(scope: Task<unknown>[], edges: (t: Task<unknown>) => Task<unknown>[]): Task<unknown>[][] {
  const order = new Map(scope.map((t, i) => [t, i]));
  const cycles: Task<unknown>[][] = [];
  const MAX_CYCLES = 100;
  for (const start of scope) {
    const startAt = order.get(start)!;
    const path: Task<unknown>[] = [start];
    const onPath = new Set<Task<unknown>>([start]);
    const visit = (t: Task<unknown>): void => {
      for (const next of edges(t)) {
        if (cycles.length >= MAX_CYCLES) return;
        if (next === start) cycles.push([...path]);
        else if (!onPath.has(next) && order.get(next)! > startAt) {
          path.push(next);
          onPath.add(next);
          visit(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    visit(start);
  }
  return cycles;
}

/**
 * The await tree: from each task nobody awaits, down what it awaits. Tasks that only wait on each
 * other have no such root; each cycle of them gets its first task as one.
 */
function buildTree(
  scope: Task<unknown>[],
  edges: (t: Task<unknown>) => Task<unknown>[],
  isAwaited: (t: Task<unknown>) => boolean,
  cycles: Task<unknown>[][],
): CallGraphNode[] {
  const expanded = new Set<Task<unknown>>();
  const grow = (t: Task<unknown>, path: Set<Task<unknown>>): CallGraphNode => {
    if (path.has(t)) return { id: idOf(t), awaits: [], cycle: true };
    if (expanded.has(t)) return { id: idOf(t), awaits: [], repeat: true };
    expanded.add(t);
    path.add(t);
    const node = { id: idOf(t), awaits: edges(t).map((child) => grow(child, path)) };
    path.delete(t);
    return node;
  };
  const roots = scope.filter((t) => !isAwaited(t)).map((t) => grow(t, new Set()));
  for (const cycle of cycles) if (!expanded.has(cycle[0]!)) roots.push(grow(cycle[0]!, new Set()));
  // Anything still unreached sits below a cycle that another cycle's root did not cover.
  for (const t of scope) if (!expanded.has(t)) roots.push(grow(t, new Set()));
  return roots;
}
