import { run } from "@tsio/tasks";
// @tsio/testing sits above sync (it dev-depends on it), so sync borrows the tasks tests' clock.
import { VirtualClock } from "../../../tasks/test/helpers/virtual-clock.js";

/**
 * `run(main)` on a virtual clock, in debug mode: there the loop drains each callback's microtasks
 * before it runs the next callback, the granularity at which asyncio's tests count iterations
 * (conformance README). `CONFORMANCE_BATCHED=1` runs the default batched mode instead.
 */
export function runVirtual<T>(main: () => Promise<T>): Promise<T> {
  return run(main, { clock: new VirtualClock(), debug: process.env.CONFORMANCE_BATCHED !== "1" });
}
