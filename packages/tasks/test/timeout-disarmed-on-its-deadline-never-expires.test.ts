import { getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { run, sleep, type Timeout, timeoutAt } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("a timeout disarmed in the iteration its deadline comes up", () => {
  it("does not expire once reschedule(null) ran ahead of it at the same deadline", async () => {
    const outcome = await run(
      async () => {
        const loop = getRunningLoop();
        const when = loop.time() + 10;
        let t: Timeout | undefined;
        // Due at the same time and scheduled first: it runs first in the iteration that also
        // takes the timeout's deadline off the timer queue.
        loop.callAt(when, () => t?.reschedule(null));
        return timeoutAt(when, async (scope) => {
          t = scope;
          await sleep(20);
          return { expired: scope.expired(), when: scope.when(), at: loop.time() };
        });
      },
      { clock: new VirtualClock() },
    );
    expect(outcome).toEqual({ expired: false, when: null, at: 20 });
  });

  it("rescheduled after its first deadline was armed, expires at the new deadline only", async () => {
    const outcome = await run(
      async () => {
        const loop = getRunningLoop();
        return timeoutAt(10, async (scope) => {
          scope.reschedule(30);
          await sleep(20);
          const early = scope.expired();
          try {
            await sleep(20);
          } catch {
            // The expiry's CancelledError, swallowed to look at the clock.
          }
          return { early, late: scope.expired(), at: loop.time() };
        });
      },
      { clock: new VirtualClock() },
    );
    expect(outcome).toEqual({ early: false, late: true, at: 30 });
  });
});
