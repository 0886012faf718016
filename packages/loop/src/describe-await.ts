/**
 * The key under which a tsio awaitable describes itself for the call graph. A registered symbol
 * (`Symbol.for`), so every installed copy of tsio reads what every other copy wrote.
 *
 * @example
 * ```ts
 * class Gate extends Future<void> {
 *   [describeAwait](): AwaitDescription {
 *     return { kind: "future", label: "<Gate>" };
 *   }
 * }
 * ```
 */
export const describeAwait: unique symbol = Symbol.for("tsio.describeAwait") as never;

/**
 * What an awaitable is, as the call graph names it. `foreign` is a promise tsio cannot see into.
 *
 * @example
 * ```ts
 * const kind: AwaitKind = describeAwaitable(sleep(10)).kind; // "sleep"
 * ```
 */
export type AwaitKind =
  | "future"
  | "task"
  | "gather"
  | "wait"
  | "taskgroup"
  | "shield"
  | "lock"
  | "semaphore"
  | "condition"
  | "event"
  | "barrier"
  | "queue"
  | "limiter"
  | "channel"
  | "sleep"
  | "foreign";

/**
 * A description an awaitable gives of itself when the call graph is captured. It is computed only
 * then (nothing is recorded on the hot path), and it names objects, not tasks: the graph resolves
 * `awaits`, `holders` and `waiters` to the tasks behind them.
 *
 * @example
 * ```ts
 * const lockView: AwaitDescription = {
 *   kind: "lock",
 *   label: "<Lock locked waiters=1>",
 *   holders: [holderTask],
 *   waiters: [waiterFuture],
 * };
 * ```
 */
export interface AwaitDescription {
  readonly kind: AwaitKind;
  /** A short human-readable label, e.g. `<Lock locked waiters=1>` or `sleep until 1200.0`. */
  readonly label: string;
  /** For a sleep or a timeout: the loop time (ms) at which it fires. */
  readonly deadline?: number;
  /** What this awaitable itself waits on (gather's children, a task group's tasks). */
  readonly awaits?: readonly object[];
  /** Who holds a sync primitive (a lock's owner task): waiting on it is waiting on them. */
  readonly holders?: readonly object[];
  /** The futures (or tasks) queued on a sync primitive or queue. */
  readonly waiters?: readonly object[];
}

/**
 * An object that can describe itself for the call graph.
 *
 * @example
 * ```ts
 * const described: DescribesAwait = { [describeAwait]: () => ({ kind: "event", label: "<Gate>" }) };
 * ```
 */
export interface DescribesAwait {
  [describeAwait](): AwaitDescription;
}

/**
 * Describes whatever a task awaits: a tsio awaitable describes itself, anything else is a foreign
 * promise (or thenable) that tsio cannot see into. Never throws: a describer that fails is reported
 * in the label.
 *
 * @example
 * ```ts
 * describeAwaitable(lock); // { kind: "lock", label: "<Lock locked waiters=0>", holders: [task], ... }
 * describeAwaitable(fetch(url)); // { kind: "foreign", label: "Promise" }
 * ```
 */
export function describeAwaitable(value: unknown): AwaitDescription {
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const describe = (value as Partial<DescribesAwait>)[describeAwait];
    if (typeof describe === "function") {
      try {
        return describe.call(value);
      } catch (err) {
        return { kind: "future", label: `<${value.constructor?.name ?? "object"}: describing it failed: ${String(err)}>` };
      }
    }
    return { kind: "foreign", label: value.constructor?.name ?? "thenable" };
  }
  return { kind: "foreign", label: typeof value };
}
