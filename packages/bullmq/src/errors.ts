import { brandClass } from "@tsio/loop";

/**
 * A `BullExecutor` was handed a job it will not send: a self-contained function (its source text
 * would have to be evaluated by the worker), buffers to transfer, or a module URL instead of the
 * name of a module the workers registered. No code ever travels through the queue.
 *
 * @example
 * ```ts
 * try {
 *   await toThread({ executor }, (n: number) => n * 2, 21);
 * } catch (err) {
 *   if (err instanceof NamedJobsOnlyError) console.log(err.message); // use threadModule("name", { executor })
 * }
 * ```
 */
export class NamedJobsOnlyError extends TypeError {
  static {
    brandClass(NamedJobsOnlyError, "NamedJobsOnlyError");
  }
  /** Always `"NamedJobsOnlyError"`. */
  override name = "NamedJobsOnlyError";
}

/**
 * An argument or result that JSON cannot carry faithfully (a function, a `bigint`, a cycle, a
 * `Map`, a `Date`, `undefined` in an array, `NaN`...). The message names the path to the value.
 *
 * @example
 * ```ts
 * try {
 *   await images.resize(new Map());
 * } catch (err) {
 *   if (err instanceof JsonPayloadError) console.log(err.path); // "args[0]"
 * }
 * ```
 */
export class JsonPayloadError extends TypeError {
  static {
    brandClass(JsonPayloadError, "JsonPayloadError");
  }
  /** Always `"JsonPayloadError"`. */
  override name = "JsonPayloadError";
  /** Where the value sits: `args[1].sizes[3]`, `result.owner`. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

/**
 * The job threw on the worker. `remoteName`, `message` and `remoteStack` are the remote error's;
 * `stack` shows the remote frames after the line that says so.
 *
 * @example
 * ```ts
 * try {
 *   await images.resize("missing.png", 100);
 * } catch (err) {
 *   if (err instanceof RemoteJobError) console.log(err.remoteName, err.message, err.jobId);
 * }
 * ```
 */
export class RemoteJobError extends Error {
  static {
    brandClass(RemoteJobError, "RemoteJobError");
  }
  /** Always `"RemoteJobError"`; the remote class name is `remoteName`. */
  override name = "RemoteJobError";
  /** The remote error's `name` (`"TypeError"`, `"ValidationError"`...). */
  readonly remoteName: string;
  /** The remote error's stack as the worker saw it (empty when the queue kept none). */
  readonly remoteStack: string;
  /** The BullMQ job id. */
  readonly jobId: string;

  constructor(remote: { name: string; message: string; stack: string }, jobId: string) {
    super(remote.message);
    this.remoteName = remote.name;
    this.remoteStack = remote.stack;
    this.jobId = jobId;
    if (remote.stack !== "") this.stack = `${this.name} [remote ${remote.name}]: ${remote.message}\n  (on the worker, job ${jobId}:)\n${remote.stack}`;
  }
}

/**
 * The job was removed from the queue (by `queue.remove()`, a dashboard, another process) before
 * it finished, so no result will ever come.
 *
 * @example
 * ```ts
 * try {
 *   await images.resize("a.png", 100);
 * } catch (err) {
 *   if (err instanceof JobRemovedError) console.log(`job ${err.jobId} was removed`);
 * }
 * ```
 */
export class JobRemovedError extends Error {
  static {
    brandClass(JobRemovedError, "JobRemovedError");
  }
  /** Always `"JobRemovedError"`. */
  override name = "JobRemovedError";
  /** The BullMQ job id. */
  readonly jobId: string;

  constructor(message: string, jobId: string) {
    super(message);
    this.jobId = jobId;
  }
}

/**
 * The connection to Redis was lost and did not come back within `connectionLostTimeout`: the
 * jobs in flight are failed with this (their outcome is unknown) rather than left hanging.
 *
 * @example
 * ```ts
 * try {
 *   await images.resize("a.png", 100);
 * } catch (err) {
 *   if (err instanceof RedisConnectionError) console.log(err.message); // is redis-server running?
 * }
 * ```
 */
export class RedisConnectionError extends Error {
  static {
    brandClass(RedisConnectionError, "RedisConnectionError");
  }
  /** Always `"RedisConnectionError"`. */
  override name = "RedisConnectionError";
}
