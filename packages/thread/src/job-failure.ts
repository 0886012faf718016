import { describeValue } from "@tsio/loop";
import { ThreadError, WorkerCrashError } from "./errors.js";
import type { JobCode } from "./job-code.js";
import { SOURCE_CODE } from "./protocol.js";
import { isWireThrown, reviveThrown } from "./remote-error.js";

/** @internal How a job is named in error messages. */
export function describeJob(code: JobCode): string {
  if (code.kind === SOURCE_CODE) return `toThread(${code.name === "" ? "<anonymous function>" : code.name})`;
  return `${code.name}() from ${code.text}`;
}

const EXIT_MESSAGE = /^worker exited with code: (-?\d+)/;

function argumentError(code: JobCode, args: readonly unknown[], cause: Error): Error | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    try {
      structuredClone(arg);
    } catch (err) {
      return new TypeError(
        `${describeJob(code)}: args[${i}] (${describeValue(arg)}) cannot be copied to a worker thread: ${(err as Error).message} ` +
          "Arguments travel by structured clone: pass plain data (no functions, symbols or class instances with methods you rely on).",
        { cause },
      );
    }
  }
  return undefined;
}

/**
 * @internal Turns whatever piscina rejected a job with into the error the caller sees: the job's
 * own error rebuilt from the worker, or an explanation of what happened to the thread.
 */
export function explainFailure(err: unknown, code: JobCode, args: readonly unknown[]): unknown {
  const label = describeJob(code);
  if (isWireThrown(err)) {
    const thrown = reviveThrown(err);
    if (thrown !== undefined) return thrown;
    return new ThreadError(`${label} threw undefined: throw an Error (with a message) so that the caller can tell what went wrong.`);
  }
  // An empty plain Error is what Node 22+ gives where Node 20 gives a non-Error: either way the
  // worker died of something that could not even be reported, most often a result that structured
  // clone refused while piscina posted it back.
  if (!(err instanceof Error) || (err.name === "Error" && err.message === "")) {
    return new WorkerCrashError(
      `The worker thread running ${label} died from an uncaught exception that could not be reported ` +
        "(often: the result contains something that cannot be copied back, such as a function or a class instance " +
        "with private fields). Return plain data. The pool replaced the worker.",
      "error",
      { cause: err },
    );
  }
  if (err.name === "AbortError") return err;
  if (err.name === "DataCloneError") {
    return (
      argumentError(code, args, err) ??
      new ThreadError(`${label}: a value could not be copied between threads: ${err.message}`, { cause: err })
    );
  }
  if ((err as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new WorkerCrashError(
      `The worker thread running ${label} ran out of memory under the pool's resourceLimits and was stopped; only this job failed ` +
        "and the pool replaced the worker. Raise resourceLimits (maxOldGenerationSizeMb) or work on smaller pieces.",
      "out-of-memory",
      { cause: err },
    );
  }
  const exit = EXIT_MESSAGE.exec(err.message);
  if (exit !== null) {
    const exitCode = Number(exit[1]);
    return new WorkerCrashError(
      `The worker thread running ${label} exited with code ${exitCode} before the job finished ` +
        "(process.exit() in a worker ends only that thread); only this job failed and the pool replaced the worker.",
      "exit",
      { cause: err, exitCode },
    );
  }
  if (err.message === "Terminating worker thread") {
    return new ThreadError(`${label} did not finish: its thread pool was destroyed.`, { cause: err });
  }
  return new WorkerCrashError(
    `The worker thread running ${label} crashed with an uncaught error (${err.message}), probably from a timer or ` +
      "callback the job left behind; only this job failed and the pool replaced the worker.",
    "error",
    { cause: err },
  );
}
