/**
 * Renders a value the way the asyncio guide prints its results (`['user_1', 'user_2']`,
 * `[ValueError('something went wrong'), undefined]`), so the seed examples print the seed's lines.
 * JavaScript's `undefined` stands where Python prints `None`.
 */
export function repr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (value instanceof Error) return `${value.name}(${repr(value.message)})`;
  return String(value);
}
