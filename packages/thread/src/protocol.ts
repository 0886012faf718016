/**
 * What the pool sends the worker entry for one call: a self-contained function by its source
 * text, or a module export by URL. Kept free of imports so the worker loads nothing but this.
 *
 * @example
 * ```ts
 * const job: ThreadJob = { source: "(a, b) => a + b", name: "add", args: [1, 2] };
 * const other: ThreadJob = { moduleUrl: "file:///app/work.js", exportName: "fib", args: [30] };
 * ```
 */
export type ThreadJob = SourceJob | ModuleJob;

/**
 * A self-contained function, sent once per worker thread and then referred to by a small id.
 *
 * @example
 * ```ts
 * const job: SourceJob = { source: "(n) => n * 2", name: "double", args: [21] };
 * ```
 */
export interface SourceJob {
  /** The function's source text, as `Function.prototype.toString` gives it. */
  readonly source: string;
  /** The function's name, for error messages. */
  readonly name: string;
  /** The arguments, copied to the worker by structured clone. */
  readonly args: readonly unknown[];
  /** Absent: this is the function form. */
  readonly moduleUrl?: undefined;
}

/**
 * A named export of an ES module, imported once per worker.
 *
 * @example
 * ```ts
 * const job: ModuleJob = { moduleUrl: new URL("./work.js", import.meta.url).href, exportName: "fib", args: [30] };
 * ```
 */
export interface ModuleJob {
  /** The module's `file:` URL, which the worker imports once. */
  readonly moduleUrl: string;
  /** The name of the exported function to call. */
  readonly exportName: string;
  /** The arguments, copied to the worker by structured clone. */
  readonly args: readonly unknown[];
  /** Absent: this is the module form. */
  readonly source?: undefined;
}

/**
 * @internal Brand of `transfer()` wrappers. A string key, not a symbol: two copies of the package
 * (or its source and its build) then agree on the wrapper at run time and in the types.
 */
export const TRANSFER_BRAND = "__tsioTransfer";

/** @internal The property that marks a serialized error coming back from a worker. */
export const WIRE_ERROR_MARK = "__tsioThreadError";

/** @internal A caller mistake the worker noticed (not found export, not a function...). */
export const THREAD_ERROR_NAME = "ThreadError";

/** @internal `WireJob` kind: a self-contained function's source and name. */
export const SOURCE_CODE = 0;
/** @internal `WireJob` kind: a module URL and export name. */
export const MODULE_CODE = 1;
/** @internal Which of the two kinds of code a job runs. */
export type CodeKind = typeof SOURCE_CODE | typeof MODULE_CODE;

/**
 * @internal A job as a `ThreadPool` posts it to a worker. Each distinct function (or module
 * export) gets a small id, and the worker keeps what it compiled or imported under that id; so
 * once a worker has been taught the code, a call carries only `[id, args]`, not the source text.
 * A worker that has not seen the id (a fresh or replacing thread, or one that evicted it) throws
 * a `NeedCode` marker, and the pool posts the job again with the code.
 */
export type WireJob =
  | readonly [id: number, args: readonly unknown[]]
  | readonly [id: number, args: readonly unknown[], kind: CodeKind, text: string, name: string];

/** @internal The property of what a worker throws when it does not know a job's code id. */
export const NEED_CODE_MARK = "__tsioNeedCode";
