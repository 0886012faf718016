import { describeValue, EventLoop, getRunningLoop } from "@tsio/loop";
import { VirtualClock } from "./virtual-clock.js";

/**
 * The `VirtualClock` driving `loop` (the running loop by default). Throws `TypeError` when that
 * loop runs on another clock, `EventLoopError` when no loop is running.
 *
 * @example
 * ```ts
 * await runVirtual(async () => {
 *   await getVirtualClock().advance(500);
 *   console.log(getRunningLoop().time()); // 500
 * });
 * ```
 */
export function getVirtualClock(loop: EventLoop = getRunningLoop()): VirtualClock {
  if (!(loop instanceof EventLoop)) {
    throw new TypeError(`getVirtualClock(loop): loop must be an EventLoop (or omitted for the running one), got ${describeValue(loop)}.`);
  }
  const clock = loop.clock;
  if (!(clock instanceof VirtualClock)) {
    throw new TypeError(
      `getVirtualClock(): the loop runs on ${describeValue(clock)}, not a VirtualClock; start it with runVirtual() or new EventLoop({ clock: new VirtualClock() }).`,
    );
  }
  return clock;
}
