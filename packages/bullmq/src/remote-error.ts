import { describeValue } from "@tsio/loop";
import { RemoteJobError } from "./errors.js";

/** The first stack frame line: everything before it is the header V8 wrote (name and message). */
const FIRST_FRAME = /\n\s+at /;

function framesOf(stack: string): string {
  const at = stack.search(FIRST_FRAME);
  return at === -1 ? "" : stack.slice(at + 1);
}

/**
 * @internal What a worker throws to BullMQ for a failed job: BullMQ keeps only `message` (as the
 * job's `failedReason`) and `stack` (in its `stacktrace`), so the stack is rewritten to begin with
 * the error's real `name` (a class field, which V8's header does not show) and its message.
 */
export function toQueueError(thrown: unknown): Error {
  const isError = thrown instanceof Error;
  const name = isError && typeof thrown.name === "string" && thrown.name !== "" ? thrown.name : "Error";
  const message = isError ? String(thrown.message) : `A non-Error was thrown: ${describeValue(thrown)}`;
  const frames = isError && typeof thrown.stack === "string" ? framesOf(thrown.stack) : "";
  const error = new Error(message);
  error.stack = frames === "" ? `${name}: ${message}` : `${name}: ${message}\n${frames}`;
  return error;
}

/**
 * @internal The caller's view of a job that failed on a worker, from what BullMQ kept: the
 * `failedReason` (the message) and the last entry of the job's `stacktrace` (`name: message`
 * then the frames, as `toQueueError` wrote it).
 */
export function remoteError(jobId: string, failedReason: string, stacktrace: readonly string[] | null | undefined): RemoteJobError {
  const last = stacktrace?.at(-1) ?? "";
  const marker = `: ${failedReason}`;
  const cut = last.indexOf(marker);
  const name = cut > 0 && !last.slice(0, cut).includes("\n") ? last.slice(0, cut) : "Error";
  return new RemoteJobError({ name, message: failedReason, stack: last }, jobId);
}
