import { captureCallGraph } from "./call-graph.js";
import { formatCallGraph } from "./format-call-graph.js";
import type { Task } from "./task.js";

/**
 * Prints the call graph (see `captureCallGraph`) to stdout as `formatCallGraph` lays it out:
 * every task of the running loop, or `task` and the tasks around it.
 *
 * @example
 * ```ts
 * process.on("SIGUSR2", () => printCallGraph()); // what is everyone waiting on?
 * ```
 */
export function printCallGraph(task?: Task<unknown>): void {
  process.stdout.write(`${formatCallGraph(captureCallGraph(task))}\n`);
}
