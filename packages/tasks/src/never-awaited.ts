import type { EventLoop, Future } from "@tsio/loop";

interface Created {
  readonly what: string;
  readonly stack: string | undefined;
}

const tracked = new WeakMap<EventLoop, Map<Future<unknown>, Created>>();

/**
 * Debug mode only: remembers where an awaitable was created, so one that is never awaited
 * (`sleep(1000)` without `await`, the twin of Python's "coroutine was never awaited") can be
 * reported with that place.
 */
export function trackCreated(loop: EventLoop, future: Future<unknown>, what: string): void {
  let map = tracked.get(loop);
  if (map === undefined) {
    map = new Map();
    tracked.set(loop, map);
  }
  map.set(future, { what, stack: new Error("created here").stack });
}

/** Debug mode: the stack where `future` was created, if it is tracked and not awaited yet. */
export function creationStack(loop: EventLoop, future: Future<unknown>): string | undefined {
  return tracked.get(loop)?.get(future)?.stack;
}

/** The awaitable got a waiter (an `await`, `then`, or a done callback). */
export function markAwaited(loop: EventLoop, future: Future<unknown>): void {
  tracked.get(loop)?.delete(future);
}

/** Reports `future` if it completed (or is being dropped) without anyone awaiting it. */
export function reportIfNeverAwaited(loop: EventLoop, future: Future<unknown>): void {
  const map = tracked.get(loop);
  const created = map?.get(future);
  if (map === undefined || created === undefined) return;
  map.delete(future);
  loop.callExceptionHandler({
    message: `${created.what} was never awaited: it ran with no one waiting for it. Did you forget \`await\`?`,
    future,
    createdAt: created.stack,
  });
}

/** Reports every tracked awaitable on `loop` that nobody awaited, at shutdown. */
export function reportAllNeverAwaited(loop: EventLoop): void {
  const map = tracked.get(loop);
  if (map === undefined) return;
  for (const future of [...map.keys()]) reportIfNeverAwaited(loop, future);
  tracked.delete(loop);
}
