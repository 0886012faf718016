import { describeValue } from "@tsio/loop";
import { JsonPayloadError } from "./errors.js";

/**
 * A value JSON carries both ways unchanged: what job arguments and results must be.
 *
 * @example
 * ```ts
 * const args: JsonValue = ["a.png", { width: 100, keepRatio: true }];
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/**
 * What a job's data holds on the queue: the module's registered name, the export to call and the
 * arguments. Only names travel, never code.
 *
 * @example
 * ```ts
 * const data: JobPayload = { module: "images", export: "resize", args: ["a.png", 100] };
 * ```
 */
export interface JobPayload {
  /** The name the worker registered the module under (`serveJobs({ modules: { images } })`). */
  readonly module: string;
  /** The exported function to call. */
  readonly export: string;
  /** The arguments, as JSON. */
  readonly args: readonly JsonValue[];
}

function refuse(path: string, what: string): never {
  throw new JsonPayloadError(
    `${path}: ${what} cannot travel as JSON through the queue. Send plain data (objects, arrays, strings, finite numbers, booleans, null) and rebuild richer values on the other side.`,
    path,
  );
}

function walk(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) refuse(path, `${value} (JSON turns it into null)`);
      return;
    case "bigint":
      refuse(path, `a bigint (${value}n) (send it as a string)`);
      break;
    case "undefined":
      refuse(path, "undefined (JSON drops it or turns it into null)");
      break;
    case "function":
      refuse(path, "a function (no code travels through the queue)");
      break;
    case "symbol":
      refuse(path, "a symbol");
      break;
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) refuse(path, "a cycle (the value contains itself)");
  if (Array.isArray(object)) {
    seen.add(object);
    for (let i = 0; i < object.length; i++) {
      if (!(i in object)) refuse(`${path}[${i}]`, "a hole in an array (JSON turns it into null)");
      walk(object[i], `${path}[${i}]`, seen);
    }
    seen.delete(object);
    return;
  }
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) refuse(path, describeValue(object));
  if (typeof (object as { toJSON?: unknown }).toJSON === "function") refuse(path, "an object with its own toJSON()");
  seen.add(object);
  for (const key of Object.keys(object)) {
    const item = (object as Record<string, unknown>)[key];
    // An absent optional property: JSON drops it and the other side reads undefined all the same.
    if (item === undefined) continue;
    walk(item, `${path}.${key}`, seen);
  }
  seen.delete(object);
}

/**
 * Throws `JsonPayloadError` naming the first part of `value` that JSON cannot carry unchanged;
 * `path` names `value` in the message (`args[0]`, `result`). Properties that are `undefined` are
 * allowed (JSON drops them, and the other side reads `undefined` for them all the same).
 *
 * @example
 * ```ts
 * checkJson(["a.png", { width: 100 }], "args"); // fine
 * checkJson([new Map()], "args"); // JsonPayloadError: args[0]: a Map cannot travel as JSON...
 * ```
 */
export function checkJson(value: unknown, path: string): asserts value is JsonValue {
  walk(value, path, new Set());
}
