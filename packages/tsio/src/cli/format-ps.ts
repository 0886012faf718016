import { type CallGraph, formatAwaiting } from "@tsio/tasks";

/**
 * The `tsio ps` table: one row per task with its id, name, state, what it awaits, who awaits it
 * and its age (recorded in debug mode only; `-` otherwise).
 *
 * @example
 * ```ts
 * console.log(formatPs(graph));
 * // ID  NAME      STATE    AWAITING                               AWAITED BY  AGE
 * // 2   worker-a  waiting  lock <Lock locked waiters=1> held by #3  #3          4.1s
 * ```
 */
export function formatPs(graph: CallGraph): string {
  const rows = graph.tasks.map((t) => [
    String(t.id),
    t.name,
    t.state,
    t.awaiting === null ? "-" : formatAwaiting(t.awaiting, graph.capturedAt),
    t.awaitedBy.length === 0 ? "-" : t.awaitedBy.map((id) => `#${id}`).join(","),
    t.ageMs === undefined ? "-" : formatAge(t.ageMs),
  ]);
  const table = [["ID", "NAME", "STATE", "AWAITING", "AWAITED BY", "AGE"], ...rows];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  const lines = table.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  "));
  if (!graph.debug) lines.push("(ages and creation sites are recorded in debug mode: run the target with TSIO_DEBUG=1)");
  return lines.join("\n");
}

function formatAge(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(0)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;
}
