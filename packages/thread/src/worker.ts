/**
 * The worker entry piscina loads in every thread of a `ThreadPool`. It imports nothing from the
 * rest of tsio but the wire format, so a worker starts fast.
 */
import { createRequire } from "node:module";
import type { ModuleJob, SourceJob, ThreadJob } from "./protocol.js";
import { THREAD_ERROR_NAME, TRANSFER_BRAND } from "./protocol.js";
import { serializeThrown } from "./remote-error.js";

type AnyFunction = (...args: unknown[]) => unknown;

const MAX_CACHED = 1000;
const compiled = new Map<string, AnyFunction>();
const modules = new Map<string, Promise<Record<string, unknown>>>();

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
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(source, fn as AnyFunction);
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
function explainMissingVariable(err: unknown, job: SourceJob): unknown {
  if (!(err instanceof ReferenceError)) return err;
  const match = MISSING_VARIABLE.exec(err.message);
  if (match === null) return err;
  const variable = match[1];
  const fnName = job.name === "" ? "the function" : `function ${job.name}`;
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

function runSource(job: SourceJob): unknown {
  let fn: AnyFunction;
  try {
    fn = compiled.get(job.source) ?? compile(job.source);
  } catch (err) {
    failThread(
      `toThread(): the function could not be compiled in the worker thread (${String((err as Error)?.message ?? err)}). ` +
        "Send a plain function or arrow function, not a class, a bound function or a built-in.",
      err,
    );
  }
  let result: unknown;
  try {
    result = fn(...job.args);
  } catch (err) {
    fail(explainMissingVariable(err, job));
  }
  if (typeof (result as PromiseLike<unknown> | null)?.then === "function") {
    return Promise.resolve(result).then(finish, (err: unknown) => fail(explainMissingVariable(err, job)));
  }
  return finish(result);
}

function loadModule(url: string): Promise<Record<string, unknown>> {
  let loading = modules.get(url);
  if (loading === undefined) {
    loading = import(url) as Promise<Record<string, unknown>>;
    modules.set(url, loading);
  }
  return loading;
}

async function runExport(job: ModuleJob): Promise<unknown> {
  let exports: Record<string, unknown>;
  try {
    exports = await loadModule(job.moduleUrl);
  } catch (err) {
    failThread(`Loading ${job.moduleUrl} in the worker thread failed: ${String((err as Error)?.message ?? err)}`, err);
  }
  const fn = exports[job.exportName];
  if (typeof fn !== "function") {
    failThread(
      `${job.moduleUrl} has no exported function "${job.exportName}" (found ${fn === undefined ? "nothing" : typeof fn}).`,
    );
  }
  try {
    return finish(await (fn as AnyFunction)(...job.args));
  } catch (err) {
    fail(err);
  }
}

/**
 * Runs one job: a self-contained function compiled from its source (cached by source text), or a
 * module export (the module imported once per worker). Whatever is thrown comes back serialized so
 * the caller can rebuild it with its class name, message, stack and cause.
 */
export default function runJob(job: ThreadJob): unknown {
  return job.source !== undefined ? runSource(job) : runExport(job);
}
