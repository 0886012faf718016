import { run } from "@tsio/tasks";
// @tsio/testing sits above sync (it dev-depends on it), so sync borrows the tasks tests' clock.
import { VirtualClock } from "../../../tasks/test/helpers/virtual-clock.js";

/** `run(main)` on a virtual clock: sleeps and timeouts take no real time. */
export function runVirtual<T>(main: () => Promise<T>): Promise<T> {
  return run(main, { clock: new VirtualClock(), debug: process.env.CONFORMANCE_BATCHED !== "1" });
}
