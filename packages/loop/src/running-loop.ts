import { EventLoopError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";

let running: EventLoop | null = null;

/**
 * The loop running on this thread. Throws `EventLoopError` when none is: start one with `run()`.
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
  if (running === null) {
    throw new EventLoopError(
      "no running event loop: call this from code started by run(main) (or loop.runUntilComplete()).",
    );
  }
  return running;
}

/**
 * The loop running on this thread, or `null`; never throws.
 *
 * @example
 * ```ts
 * if (tryGetRunningLoop() === null) console.log("not inside tsio");
 * ```
 */
export function tryGetRunningLoop(): EventLoop | null {
  return running;
}

/** @internal The loop registers itself while it runs. */
export function _setRunningLoop(loop: EventLoop | null): void {
  running = loop;
}
