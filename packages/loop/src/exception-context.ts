import type { Future } from "./future.js";
import type { Runnable } from "./handle.js";
import { describeValue } from "./validate.js";

/**
 * What the loop knows about an error it could not hand to anyone: where it happened and what it
 * was. Packages above the kernel add keys (`task`, for instance).
 *
 * @example
 * ```ts
 * loop.setExceptionHandler((loop, ctx) => console.log(ctx.message, ctx.exception));
 * ```
 */
export interface ExceptionContext {
  /** A sentence saying what went wrong. */
  message: string;
  /** The error, when there is one (a slow-callback report has none). */
  exception?: unknown;
  /** The future or task the error belongs to. */
  future?: Future<unknown>;
  /** The callback handle (or self-scheduling item, such as a task start) that threw or ran slowly. */
  handle?: Runnable;
  /** For slow-callback reports: how long the loop was blocked, in ms. */
  durationMs?: number;
  /** Further keys added by higher layers. */
  [key: string]: unknown;
}

/** Formats a context the way the default handler prints it (message, then details and stack). */
export function formatExceptionContext(context: ExceptionContext): string {
  if (typeof context !== "object" || context === null || typeof context.message !== "string") {
    throw new TypeError(`formatExceptionContext(context): context must be an object with a message string, got ${describeValue(context)}.`);
  }
  const lines = [context.message];
  for (const [key, value] of Object.entries(context)) {
    if (key === "message" || key === "exception" || value === undefined) continue;
    lines.push(`${key}: ${String(value)}`);
  }
  const err = context.exception;
  if (err !== undefined) {
    lines.push(err instanceof Error && err.stack ? err.stack : `exception: ${String(err)}`);
  }
  return lines.join("\n");
}
