import { brandClass } from "@tsio/loop";
import type { CallGraph } from "./call-graph.js";
import { formatCallGraph } from "./format-call-graph.js";

/**
 * What `run()` rejects with in debug mode when the program is deadlocked: tasks are still pending,
 * but the loop has no ready callback, no timer and no outside work, and Node has nothing left that
 * could wake it (without debug mode Node would exit silently with status 13). Its message holds the
 * call graph of the stuck tasks; `graph` is the same as data.
 *
 * @example
 * ```ts
 * try {
 *   await run(main, { debug: true });
 * } catch (err) {
 *   if (err instanceof DeadlockError) console.error(err.graph.cycles);
 *   throw err;
 * }
 * ```
 */
export class DeadlockError extends Error {
  static {
    brandClass(DeadlockError, "DeadlockError");
  }
  /** Always `"DeadlockError"`. */
  override name = "DeadlockError";
  /** The call graph of the loop's pending tasks when the deadlock was found. */
  declare readonly graph: CallGraph;

  constructor(graph: CallGraph) {
    // Formatted first: it checks that `graph` is one before anything reads it.
    const printed = formatCallGraph(graph);
    const stuck = graph.tasks.length;
    super(
      `Deadlock: ${stuck} task(s) are still pending, but nothing can wake them (no ready callback, no timer, no outside work, ` +
        `and Node has nothing else to wait for). ${graph.cycles.length > 0 ? "They wait on each other in a cycle: break it (tasks holding locks: take the locks in one order). " : ""}` +
        `What each task awaits:\n${printed}`,
    );
    // Not enumerable: an uncaught DeadlockError prints its message (the graph, laid out), not the data again.
    Object.defineProperty(this, "graph", { value: graph, enumerable: false });
  }
}
