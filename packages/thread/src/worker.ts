/**
 * The worker entry piscina loads in every thread of a `ThreadPool`. It imports nothing from the
 * rest of tsio but the wire format, so a worker starts fast.
 */
import { createRequire } from "node:module";
import type { CodeKind, WireJob } from "./protocol.js";
import { MODULE_CODE, NEED_CODE_MARK, SOURCE_CODE, THREAD_ERROR_NAME, TRANSFER_BRAND } from "./protocol.js";
import { serializeThrown } from "./remote-error.js";

type AnyFunction = (...args: unknown[]) => unknown;
type Exports = Record<string, unknown>;

interface SourceEntry {
  readonly kind: typeof SOURCE_CODE;
  readonly fn: AnyFunction;
  /** The function's name, for error messages. */
  readonly name: string;
}

interface ModuleEntry {
  readonly kind: typeof MODULE_CODE;
  readonly url: string;
  readonly exportName: string;
}

/** What this thread was taught, by code id: compiled functions and module exports. */
const MAX_CACHED = 1000;
const codes = new Map<number, SourceEntry | ModuleEntry>();
const modules = new Map<string, Promise<Exports>>();
/** Modules whose import finished, so calls into them need not wait a microtask. */
const loaded = new Map<string, Exports>();
/** Thrown (not serialized) for a code id this thread does not know; the pool resends the code. */
const NEED_CODE = { [NEED_CODE_MARK]: true };

/**
 * Stands in for the helper esbuild (tsx, vitest, bundlers) emits with `keepNames`: transformed
 * source calls `__name(fn, "fn")`, and the helper itself stays behind in the caller's module.
 */
function __name<T>(target: T, value: string): T {
  try {
    Object.defineProperty(target, "name", { value, configurable: true });
  } catch {
    // A frozen or exotic target keeps its name; the call must never fail because of it.
  }
  return target;
}

/** Lets a self-contained function hand a buffer back without a copy. */
function transfer<T>(value: T): { [TRANSFER_BRAND]: true; value: T } {
  return { [TRANSFER_BRAND]: true, value };
}

type Factory = (nameHelper: typeof __name, transferHelper: typeof transfer) => unknown;

function compile(source: string): AnyFunction {
  let factory: Factory;
  let method = false;
  try {
    // The newline keeps a trailing line comment in the source from swallowing the parenthesis.
    factory = new Function("__name", "transfer", `return (${source}\n);`) as Factory;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // Method shorthand (`{ work(x) { ... } }.work`) is only valid inside an object literal.
    factory = new Function("__name", "transfer", `return ({${source}\n});`) as Factory;
    method = true;
  }
  let fn = factory(__name, transfer);
  if (method) fn = Object.values(fn as object)[0];
  if (typeof fn !== "function") {
    throw new TypeError("the source did not evaluate to a function");
  }
  return fn as AnyFunction;
}

/** Throws a failure of the thread machinery; the caller rebuilds it as a `ThreadError`. */
function failThread(message: string, cause?: unknown): never {
  const wire = serializeThrown(new Error(message, cause === undefined ? undefined : { cause }));
  throw { ...wire, name: THREAD_ERROR_NAME, className: THREAD_ERROR_NAME, stack: `${THREAD_ERROR_NAME}: ${message}` };
}

const MISSING_VARIABLE = /^(\S+) is not defined$/;
/** Names transforms give imports: vitest's SSR `__vite_ssr_import_0__`, esbuild's `import_x`, tsc's `x_1`. */
const RENAMED_IMPORT = /^(__vite_ssr_\w+__|import_[\w$]+|[\w$]+_\d+)$/;

/**
 * A function sent by source cannot see its old scope; when it trips over that, say so and show the
 * two ways out instead of a bare "x is not defined".
 */
function explainMissingVariable(err: unknown, name: string): unknown {
  if (!(err instanceof ReferenceError)) return err;
  const match = MISSING_VARIABLE.exec(err.message);
  if (match === null) return err;
  const variable = match[1];
  const fnName = name === "" ? "the function" : `function ${name}`;
  const message =
    `toThread(): ${fnName} uses "${variable}", which is not defined in the worker thread. ` +
    "A function sent to a thread travels as source text alone: it cannot see the variables, imports " +
    "or closures of the module that defined it. Pass the value as an argument " +
    `(toThread(fn, ${variable}), with fn taking it as a parameter), or move the code into a module and call it with ` +
    'threadModule<typeof import("./work.js")>(new URL("./work.js", import.meta.url)).yourExport(...args).';
  const renamed = RENAMED_IMPORT.test(variable ?? "")
    ? ` ("${variable}" is what a build tool (vitest, esbuild, tsc for CommonJS) turned an import into: imported names never reach a function sent by source.)`
    : "";
  const explained = new ReferenceError(message + renamed, { cause: err });
  const frames = err.stack?.split("\n").slice(1).join("\n");
  explained.stack = frames ? `ReferenceError: ${message}\n${frames}` : `ReferenceError: ${message}`;
  return explained;
}

let moveResult: ((value: unknown) => unknown) | undefined;

/** Hands a `transfer()`-wrapped result to piscina as a movable value. */
function finish(result: unknown): unknown {
  if (typeof result === "function" || typeof result === "symbol") {
    // Caught here: piscina would fail to post it and take the whole worker down.
    failThread(
      `The job returned ${typeof result === "function" ? "a function" : "a symbol"}, which cannot be copied back from the worker thread: return plain data.`,
    );
  }
  if (typeof result !== "object" || result === null || (result as Record<string, unknown>)[TRANSFER_BRAND] !== true) {
    return result;
  }
  // Loaded only when needed: it is the same piscina instance as the one running this worker.
  moveResult ??= (createRequire(import.meta.url)("piscina") as { move: (value: unknown) => unknown }).move;
  return moveResult((result as { value: unknown }).value);
}

function fail(err: unknown): never {
  throw serializeThrown(err);
}

function learn(id: number, kind: CodeKind, text: string, name: string): SourceEntry | ModuleEntry {
  let entry: SourceEntry | ModuleEntry;
  if (kind === MODULE_CODE) {
    entry = { kind, url: text, exportName: name };
  } else {
    let fn: AnyFunction;
    try {
      fn = compile(text);
    } catch (err) {
      failThread(
        `toThread(): the function could not be compiled in the worker thread (${String((err as Error)?.message ?? err)}). ` +
          "Send a plain function or arrow function, not a class, a bound function or a built-in.",
        err,
      );
    }
    entry = { kind: SOURCE_CODE, fn, name };
  }
  if (codes.size >= MAX_CACHED) codes.delete(codes.keys().next().value as number);
  codes.set(id, entry);
  return entry;
}

function runSource(entry: SourceEntry, args: readonly unknown[]): unknown {
  // Called as a plain function, not as `entry.fn(...)`: its stack frames then read "at name".
  const fn = entry.fn;
  let result: unknown;
  try {
    result = fn(...args);
  } catch (err) {
    fail(explainMissingVariable(err, entry.name));
  }
  if (typeof (result as PromiseLike<unknown> | null)?.then === "function") {
    return Promise.resolve(result).then(finish, (err: unknown) => fail(explainMissingVariable(err, entry.name)));
  }
  return finish(result);
}

function loadModule(url: string): Promise<Exports> {
  let loading = modules.get(url);
  if (loading === undefined) {
    loading = (import(url) as Promise<Exports>).then((exports) => {
      loaded.set(url, exports);
      return exports;
    });
    modules.set(url, loading);
  }
  return loading;
}

function runExport(entry: ModuleEntry, args: readonly unknown[]): unknown {
  const exports = loaded.get(entry.url);
  if (exports !== undefined) return callExport(entry, exports, args);
  return loadModule(entry.url).then(
    (loadedExports) => callExport(entry, loadedExports, args),
    (err: unknown) =>
      failThread(`Loading ${entry.url} in the worker thread failed: ${String((err as Error)?.message ?? err)}`, err),
  );
}

function callExport(entry: ModuleEntry, exports: Exports, args: readonly unknown[]): unknown {
  const fn = exports[entry.exportName];
  if (typeof fn !== "function") {
    failThread(
      `${entry.url} has no exported function "${entry.exportName}" (found ${fn === undefined ? "nothing" : typeof fn}).`,
    );
  }
  let result: unknown;
  try {
    result = (fn as AnyFunction)(...args);
  } catch (err) {
    fail(err);
  }
  if (typeof (result as PromiseLike<unknown> | null)?.then === "function") {
    return Promise.resolve(result).then(finish, fail);
  }
  return finish(result);
}

/**
 * Runs one job: a self-contained function compiled from its source, or a module export (the
 * module imported once per worker), both kept under the job's code id. Whatever is thrown comes
 * back serialized so the caller can rebuild it with its class name, message, stack and cause.
 */
export default function runJob(wire: WireJob): unknown {
  if (!Array.isArray(wire) || typeof wire[0] !== "number" || !Array.isArray(wire[1])) {
    failThread("The worker thread received a job it does not understand: post jobs through a ThreadPool.");
  }
  const id = wire[0];
  let entry = codes.get(id);
  if (entry === undefined) {
    if (wire.length < 5) throw NEED_CODE;
    entry = learn(id, wire[2] as CodeKind, wire[3] as string, wire[4] as string);
  }
  return entry.kind === SOURCE_CODE ? runSource(entry, wire[1]) : runExport(entry, wire[1]);
}
