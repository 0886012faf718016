import { describeValue } from "@tsio/loop";

/**
 * The order `PriorityQueue` uses unless given `{ compare }`: smaller first, like Python's `<`.
 * Numbers (and bigints) compare numerically, strings by UTF-16 code units, and arrays element by
 * element like Python tuples (a shorter prefix first), so `[priority, payload]` entries work.
 * Any two other values (objects, booleans, `null`, ...) compare equal, so payloads never need to be
 * comparable: entries with equal priorities keep their insertion order. A number and a string, or
 * an array and a number, throw `TypeError`, as Python does.
 *
 * @example
 * ```ts
 * comparePriority([1, "b"], [1, "a"]); // 1
 * comparePriority([2, { job: "x" }], [2, { job: "y" }]); // 0: equal priorities keep FIFO order
 * ```
 */
export function comparePriority(a: unknown, b: unknown): number {
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA !== kindB) {
    throw new TypeError(
      `PriorityQueue cannot order ${describeValue(a)} and ${describeValue(b)}: use priorities of one kind, or pass { compare }.`,
    );
  }
  switch (kindA) {
    case NUMBER:
    case STRING:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case ARRAY:
      return compareArrays(a as readonly unknown[], b as readonly unknown[]);
    default:
      return 0;
  }
}

const NUMBER = 0;
const STRING = 1;
const ARRAY = 2;
const OTHER = 3;

function kindOf(value: unknown): number {
  const type = typeof value;
  if (type === "number" || type === "bigint") return NUMBER;
  if (type === "string") return STRING;
  if (Array.isArray(value)) return ARRAY;
  return OTHER;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const order = comparePriority(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
