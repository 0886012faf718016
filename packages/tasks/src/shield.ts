import { Future, getRunningLoop } from "@tsio/loop";
import { type Awaitable, type AwaitableResult, awaitableKind, FUTURE, NOT_AWAITABLE, notAwaitable, toFuture } from "./awaitable.js";

/**
 * Protects work from the cancellation of whoever awaits it. `shield(aw)` returns a new future that
 * follows `aw`; cancelling that future (or the task awaiting it) cancels only the outer future,
 * and the inner work (a function started as a task, a task, a future or a promise) runs on. The
 * inner work can still be cancelled directly, and then the outer future is cancelled too. Keep a
 * reference to a shielded task if you need its outcome after the outer side gave up: a failure
 * nobody retrieves is reported when `run()` ends.
 *
 * @example
 * ```ts
 * const save = createTask(() => saveToDatabase(record));
 * try {
 *   await shield(save); // our caller may cancel us, but the save completes
 * } catch (err) {
 *   if (err instanceof CancelledError) await save; // finish it before leaving
 *   throw err;
 * }
 * ```
 */
export function shield<A extends Awaitable<unknown>>(awaitable: A): Future<AwaitableResult<A>>;
export function shield(awaitable: unknown): Future<unknown> {
  const kind = awaitableKind(awaitable);
  if (kind === NOT_AWAITABLE) throw notAwaitable(awaitable, "shield", 1, false);
  const loop = kind === FUTURE ? (awaitable as Future<unknown>)._loop : getRunningLoop();
  const inner = toFuture(awaitable, kind, loop);
  if (inner.done()) return inner;
  const outer = new Future<unknown>(loop);
  const onInnerDone = (): void => {
    if (outer._state !== 0) {
      // The outer side stopped waiting before this outcome reached it, so nobody saw a failure:
      // leave it unretrieved, to be reported unless the caller awaits the inner work itself.
      return;
    }
    if (inner.cancelled()) outer.cancel(inner._cancelMessage);
    else if (inner._exception !== undefined) {
      inner._unretrieved = false;
      outer.setException(inner._exception);
    } else outer.setResult(inner._result);
  };
  const onOuterDone = (): void => {
    // Once the inner work is done, its outcome was already handed over (or seen) above.
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner._addCallback(onInnerDone, undefined);
  outer._addCallback(onOuterDone, undefined);
  return outer;
}
