import { EventLoopError, tryGetRunningLoop } from "@tsio/loop";

/**
 * @internal Throws `EventLoopError` naming `api` unless a loop is running. Called first by the
 * waits that hand a lock back while they wait (`Condition.wait`, `Barrier.wait`): outside a loop
 * nothing could ever wake them, and they must fail before giving the lock up, not after.
 */
export function requireLoop(api: string): void {
  if (tryGetRunningLoop() === null) {
    throw new EventLoopError(
      `${api} was called outside a running event loop: only a running loop can wake a waiter. Call it from code started by run(main) (or a task).`,
    );
  }
}
