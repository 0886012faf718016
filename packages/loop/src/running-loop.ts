import { brandClass } from "./class-brand.js";
import { EventLoopError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import { activeLoop, loopProtocol, loopState } from "./loop-state.js";
import { describeCopy } from "./shared-state.js";

/**
 * The loop running on this thread. Throws `EventLoopError` when none is: start one with `run()`.
 * Every installed copy of `@tsio/loop` sees the same loop.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   console.log(loop.time());
 * });
 * ```
 */
export function getRunningLoop(): EventLoop {
  const loop = loopState.running;
  if (loop === null) throw noRunningLoop();
  return loop;
}

function noRunningLoop(): EventLoopError {
  if (activeLoop.loop !== null && activeLoop.protocol !== loopProtocol) return incompatibleCopy();
  return new EventLoopError(
    "no running event loop: call this from code started by run(main) (or loop.runUntilComplete()).",
  );
}

/** A loop of another copy runs, and this copy cannot drive it. */
function incompatibleCopy(): EventLoopError {
  return new EventLoopError(
    `A loop of ${describeCopy("@tsio/loop", activeLoop.copy, activeLoop.protocol)} is running, but this code uses ` +
      `${describeCopy("@tsio/loop", import.meta.url, loopProtocol)}, and copies of different protocols cannot share a ` +
      "loop. Install one version: align the @tsio/* versions your dependencies ask for (a library should list @tsio/* " +
      "as peerDependencies), then run `npm dedupe`; `npm ls @tsio/loop` lists the copies.",
  );
}

/**
 * The loop running on this thread, or `null`; never throws. A loop started by an incompatible
 * copy of `@tsio/loop` counts as none (`getRunningLoop()` explains why).
 *
 * @example
 * ```ts
 * if (tryGetRunningLoop() === null) console.log("not inside tsio");
 * ```
 */
export function tryGetRunningLoop(): EventLoop | null {
  return loopState.running;
}

/**
 * @internal The loop registers itself while it runs. Throws, changing nothing, if a loop of an
 * incompatible copy runs.
 */
export function _setRunningLoop(loop: EventLoop | null): void {
  if (loop !== null && activeLoop.loop !== null && activeLoop.protocol !== loopProtocol) throw incompatibleCopy();
  loopState.running = loop;
  activeLoop.loop = loop;
  activeLoop.protocol = loopProtocol;
  activeLoop.copy = import.meta.url;
}

/**
 * @internal Called from `EventLoop`'s static block: a loop another installed copy of this protocol
 * started is then `instanceof EventLoop` here too (so `allTasks(loop)` accepts it).
 */
export function _brandEventLoop(cls: typeof EventLoop): void {
  brandClass(cls, `EventLoop.v${loopProtocol}`);
}
