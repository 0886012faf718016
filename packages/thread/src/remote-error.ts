import { ThreadError, WorkerCrashError } from "./errors.js";
import { WIRE_ERROR_MARK } from "./protocol.js";

/**
 * @internal A thrown value on its way from a worker to the caller. Errors are taken apart by hand
 * because structured clone drops custom classes and extra properties (`code`, ...), and a value
 * it cannot clone would otherwise kill the worker instead of failing the job.
 */
export type WireThrown = WireError | WireValue;

interface WireError {
  readonly [WIRE_ERROR_MARK]: true;
  readonly kind: "error";
  readonly name: string;
  readonly className: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly cause?: WireThrown;
  readonly errors?: readonly WireThrown[];
  readonly props?: Readonly<Record<string, unknown>>;
}

interface WireValue {
  readonly [WIRE_ERROR_MARK]: true;
  readonly kind: "value";
  readonly value: unknown;
}

const MAX_DEPTH = 8;
const OWN_FIELDS = new Set(["name", "message", "stack", "cause", "errors"]);

type ErrorClass = new (message?: string, options?: ErrorOptions) => Error;

const KNOWN_CLASSES: Readonly<Record<string, ErrorClass>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  ThreadError,
};

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

/** A copy of `value` that survives postMessage, or its string form when it would not. */
function cloneable(value: unknown): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")) {
    return value;
  }
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

/** @internal Worker side: turns anything thrown into plain, cloneable data. */
export function serializeThrown(thrown: unknown, depth = 0): WireThrown {
  if (!isErrorLike(thrown)) return { [WIRE_ERROR_MARK]: true, kind: "value", value: cloneable(thrown) };
  const err = thrown as Error & { errors?: unknown };
  const ctor = (err as { constructor?: { name?: unknown } }).constructor;
  const wire: {
    -readonly [K in keyof WireError]: WireError[K];
  } = {
    [WIRE_ERROR_MARK]: true,
    kind: "error",
    name: String(err.name),
    className: typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "Error",
    message: String(err.message),
    stack: typeof err.stack === "string" ? err.stack : undefined,
  };
  if (depth < MAX_DEPTH) {
    if ("cause" in err) wire.cause = serializeThrown(err.cause, depth + 1);
    if (Array.isArray(err.errors)) wire.errors = err.errors.map((e: unknown) => serializeThrown(e, depth + 1));
  }
  let props: Record<string, unknown> | undefined;
  for (const key of Object.keys(err)) {
    if (OWN_FIELDS.has(key)) continue;
    const value = (err as unknown as Record<string, unknown>)[key];
    props ??= {};
    props[key] = isErrorLike(value) && depth < MAX_DEPTH ? serializeThrown(value, depth + 1) : cloneable(value);
  }
  if (props !== undefined) wire.props = props;
  return wire;
}

/** @internal Whether `value` is something `serializeThrown` produced. */
export function isWireThrown(value: unknown): value is WireThrown {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[WIRE_ERROR_MARK] === true;
}

/**
 * @internal Caller side: rebuilds the error. Built-in classes (and `ThreadError`) come back as
 * themselves, so `instanceof TypeError` still works; other classes come back as `Error` whose
 * `name` is the original class name. Message, stack, `cause`, `errors` and own properties
 * (such as `code`) are kept.
 */
export function reviveThrown(wire: WireThrown): unknown {
  if (wire.kind === "value") return wire.value;
  const Known = Object.hasOwn(KNOWN_CLASSES, wire.className) ? KNOWN_CLASSES[wire.className] : undefined;
  let err: Error;
  if (wire.className === "AggregateError" && wire.errors !== undefined) {
    err = new AggregateError(wire.errors.map(reviveThrown), wire.message);
  } else if (wire.className === "WorkerCrashError") {
    err = new WorkerCrashError(wire.message, "error");
  } else {
    err = new (Known ?? Error)(wire.message);
  }
  const name = wire.name === "Error" && Known === undefined ? wire.className : wire.name;
  if (err.name !== name) {
    Object.defineProperty(err, "name", { value: name, writable: true, configurable: true, enumerable: false });
  }
  if (wire.stack !== undefined) {
    Object.defineProperty(err, "stack", { value: wire.stack, writable: true, configurable: true, enumerable: false });
  }
  if (wire.cause !== undefined) {
    Object.defineProperty(err, "cause", {
      value: reviveThrown(wire.cause),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  if (wire.props !== undefined) {
    for (const [key, value] of Object.entries(wire.props)) {
      (err as unknown as Record<string, unknown>)[key] = isWireThrown(value) ? reviveThrown(value) : value;
    }
  }
  return err;
}
