import { type AwaitDescription, describeAwait, type EventLoop, Future, getRunningLoop } from "@tsio/loop";
import { type Awaitable, type AwaitableResult, awaitableKind, FUTURE, NOT_AWAITABLE, notAwaitable, toFuture } from "./awaitable.js";
import { Task } from "./task.js";

/**
 * Protects work from the cancellation of whoever awaits it. `shield(aw)` returns a new future that
 * follows `aw`; cancelling that future (or the task awaiting it) cancels only the outer future,
 * and the inner work (a function started as a task, a task, a future or a promise) runs on. The
 * inner work can still be cancelled directly, and then the outer future is cancelled too. Keep a
 * reference to shielded work if you need its outcome after the outer side gave up, and await it:
 * a failure nobody retrieves is reported, a task's when `run()` ends, a future's just after it fails.
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
  const outer = new ShieldFuture(loop, inner);
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
    if (inner.done()) return;
    inner.removeDoneCallback(onInnerDone);
    if (kind === FUTURE) watchAbandoned(inner);
  };
  inner._addCallback(onInnerDone, undefined);
  outer._addCallback(onOuterDone, undefined);
  return outer;
}

/** The outer side of a shield, which names the inner work for the call graph. */
class ShieldFuture extends Future<unknown> {
  readonly _inner: Future<unknown>;
  constructor(loop: EventLoop, inner: Future<unknown>) {
    super(loop);
    this._inner = inner;
  }
  override [describeAwait](): AwaitDescription {
    return { kind: "shield", label: `<shield of ${this._inner.toString()}>`, awaits: this._inner.done() ? [] : [this._inner] };
  }
}

/** Futures already watched after a shield around them was cancelled: each is reported once at most. */
const abandoned = new WeakSet<Future<unknown>>();

/**
 * The outer side gave up on a plain future, which nothing else may be watching (a task's failure is
 * reported when `run()` ends): if it fails and nobody retrieves the error, say so.
 */
function watchAbandoned(inner: Future<unknown>): void {
  if (inner instanceof Task || abandoned.has(inner)) return;
  abandoned.add(inner);
  inner._addCallback(abandonedDone, undefined);
}

function abandonedDone(inner: Future<unknown>): void {
  // One iteration later: awaits of the future that were woken with this callback have run by then.
  if (inner._exception !== undefined) inner._loop.callSoon(reportIfUnretrieved, inner);
}

function reportIfUnretrieved(inner: Future<unknown>): void {
  if (!inner._unretrieved) return;
  inner._unretrieved = false;
  inner._loop.callExceptionHandler({
    message: `Future exception was never retrieved: ${inner.toString()} failed after the shield() around it was cancelled`,
    exception: inner._exception,
    future: inner,
  });
}
