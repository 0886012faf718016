import { type EventLoop, type Future, getRunningLoop, readTimeout, TimeoutError } from "@tsio/loop";
import { type Awaitable, type AwaitableResult, checkAwaitable, toFuture } from "./awaitable.js";
import { enterTimeout, within } from "./timeout.js";

/**
 * Waits for `awaitable` for at most `ms` milliseconds (`null`, `undefined` or `Infinity`: no limit). On timeout it
 * cancels the inner work, waits for it to finish cancelling, and throws `TimeoutError`; a function
 * is started as a child task, so it is really stopped, while a promise can only be abandoned.
 * Built on `timeout()` as in asyncio 3.12+, so it must run inside a task when `ms` is positive.
 *
 * @example
 * ```ts
 * try {
 *   const user = await waitFor(() => fetchUser(1), 500);
 * } catch (err) {
 *   if (err instanceof TimeoutError) console.log("fetchUser took longer than 500 ms: cancelled");
 * }
 * ```
 */
export function waitFor<A extends Awaitable<unknown>>(
  awaitable: A,
  ms: number | null | undefined,
): Promise<AwaitableResult<A>>;
export function waitFor(awaitable: unknown, ms: number | null | undefined): Promise<unknown> {
  const limit = readTimeout(ms, "waitFor(awaitable, ms): ms");
  const loop = getRunningLoop();
  const kind = checkAwaitable(awaitable, loop, "waitFor", 1, false);
  if (limit === null) return awaitFuture(toFuture(awaitable, kind, loop));
  if (limit === 0) return expireNow(toFuture(awaitable, kind, loop), loop);
  // Enter the timeout first: outside a task it throws, and nothing may have been started by then.
  const t = enterTimeout(loop, loop.time() + limit, "waitFor");
  const fut = toFuture(awaitable, kind, loop);
  return within(t, () => fut);
}

async function awaitFuture<T>(fut: Future<T>): Promise<T> {
  return await fut;
}

/** A zero timeout: the result if it is already there, otherwise cancel, wait, `TimeoutError`. */
async function expireNow<T>(fut: Future<T>, loop: EventLoop): Promise<T> {
  if (fut.done()) return fut.result();
  const settled = loop.createFuture<void>();
  const release = (): void => {
    if (!settled.done()) settled.setResult();
  };
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    // Awaits `settled`, not `fut`: a cancellation of the caller must still surface as one.
    await settled;
  } finally {
    fut.removeDoneCallback(release);
  }
  if (fut.cancelled()) {
    // As for a positive timeout: the TimeoutError's cause is the cancellation the work ended with.
    throw new TimeoutError("waitFor(awaitable, 0): the work was not already done.", { cause: fut._makeCancelledError() });
  }
  return fut.result();
}
