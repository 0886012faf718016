import { describeValue } from "@tsio/loop";
import type { CallGraph, CallGraphAwait, CallGraphNode, CallGraphTask } from "./call-graph.js";

/**
 * Formats a captured call graph as a readable tree, the way `tsio pstree` and `printCallGraph()`
 * print it: await cycles first (as asyncio's `pstree` reports them), then each root task and,
 * indented below it, the tasks it awaits, with what each one awaits and where it was created.
 *
 * @example
 * ```ts
 * console.log(formatCallGraph(captureCallGraph()));
 * // 2 tasks, 1 await cycle
 * // cycle: #2 worker-a -> #3 worker-b -> #2 worker-a
 * // └── #2 worker-a waiting on lock <Lock locked waiters=1> held by #3
 * //     └── #3 worker-b waiting on lock <Lock locked waiters=1> held by #2
 * //         └── #2 worker-a (cycle)
 * ```
 */
export function formatCallGraph(graph: CallGraph): string {
  if (typeof graph !== "object" || graph === null || !Array.isArray(graph.tasks) || !Array.isArray(graph.roots)) {
    throw new TypeError(`formatCallGraph(graph): graph must be what captureCallGraph() returned, got ${describeValue(graph)}.`);
  }
  const byId = new Map(graph.tasks.map((t) => [t.id, t]));
  const name = (id: number): string => `#${id} ${byId.get(id)?.name ?? "?"}`;
  const cycles = graph.cycles ?? [];
  const lines = [`${graph.tasks.length} task(s)${cycles.length > 0 ? `, ${cycles.length} await cycle(s)` : ""}`];
  for (const cycle of cycles) lines.push(`cycle: ${[...cycle, cycle[0]!].map(name).join(" -> ")}`);
  const walk = (node: CallGraphNode, prefix: string, last: boolean): void => {
    const task = byId.get(node.id);
    const branch = last ? "└── " : "├── ";
    const below = prefix + (last ? "    " : "│   ");
    if (node.cycle) lines.push(`${prefix}${branch}${name(node.id)} (cycle)`);
    else if (node.repeat) lines.push(`${prefix}${branch}${name(node.id)} (shown above)`);
    else {
      lines.push(`${prefix}${branch}${task === undefined ? name(node.id) : describeLine(task, graph.capturedAt)}`);
      if (task?.createdAt !== undefined) lines.push(`${below}  created at ${task.createdAt}`);
    }
    for (const [i, child] of node.awaits.entries()) walk(child, below, i === node.awaits.length - 1);
  };
  for (const [i, root] of graph.roots.entries()) walk(root, "", i === graph.roots.length - 1);
  return lines.join("\n");
}

/** One task's line: id, name, and what it is doing. */
function describeLine(task: CallGraphTask, now: number): string {
  const head = `#${task.id} ${task.name}`;
  if (task.awaiting === null) return `${head} [${task.state}]`;
  return `${head} waiting on ${formatAwaiting(task.awaiting, now)}`;
}

/**
 * What a task awaits, in one line, as the call-graph printouts and `tsio ps` show it; `now` is the
 * graph's `capturedAt`, from which a deadline is told as "in N ms".
 *
 * @example
 * ```ts
 * const graph = captureCallGraph();
 * for (const t of graph.tasks) if (t.awaiting) console.log(t.name, formatAwaiting(t.awaiting, graph.capturedAt));
 * // worker-a lock <Lock locked waiters=1> held by #3
 * ```
 */
export function formatAwaiting(awaiting: CallGraphAwait, now: number): string {
  if (typeof awaiting !== "object" || awaiting === null || typeof awaiting.kind !== "string" || !Array.isArray(awaiting.tasks)) {
    throw new TypeError(`formatAwaiting(awaiting, now): awaiting must be a task's awaiting entry from captureCallGraph(), got ${describeValue(awaiting)}.`);
  }
  if (typeof now !== "number" || Number.isNaN(now)) {
    throw new TypeError(`formatAwaiting(awaiting, now): now must be a loop time in ms (the graph's capturedAt), got ${describeValue(now)}.`);
  }
  const { kind, label, deadline, tasks } = awaiting;
  let text = kind === "foreign" ? label : `${kind} ${label}`;
  if (deadline !== undefined) text += ` (in ${Math.max(0, deadline - now).toFixed(0)} ms)`;
  if (tasks.length > 0 && kind !== "task") {
    const ids = tasks.map((id) => `#${id}`).join(", ");
    text += kind === "lock" ? ` held by ${ids}` : ` on ${ids}`;
  }
  return text;
}
