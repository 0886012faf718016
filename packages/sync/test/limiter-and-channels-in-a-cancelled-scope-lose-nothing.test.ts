import { getRunningLoop } from "@tsio/loop";
import { CancelScope, createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { CapacityLimiter, openChannel } from "../src/index.js";
import { runVirtual } from "./helpers/virtual-run.js";

describe("a CancelScope cancelled just after a wake-up was handed over", () => {
  it("a limiter's handed-off token is passed on, not lost", async () => {
    await runVirtual(async () => {
      const limiter = new CapacityLimiter(1);
      const held = await limiter.acquire();
      const waiter = createTask(() =>
        new CancelScope().run(async (own) => {
          getRunningLoop().callSoon(() => {
            // The release below hands the token over; the scope is cancelled before the wake-up runs.
            held.release();
            own.cancel();
          });
          await limiter.acquire();
          return "took it";
        }),
      );
      expect(await waiter).toBeUndefined();
      expect(limiter.borrowedTokens).toBe(0);
      expect(limiter.availableTokens).toBe(1);
    });
  });

  it("a channel item woken into a receive stays in the channel for the next receiver", async () => {
    await runVirtual(async () => {
      const [send, receive] = openChannel<string>(0);
      const first = createTask(() =>
        new CancelScope().run(async (own) => {
          getRunningLoop().callSoon(() => {
            send.sendNowait("item"); // handed to the waiting receive
            own.cancel();
          });
          return await receive.receive();
        }),
      );
      expect(await first).toBeUndefined();
      // Whoever receives next gets it: it was not lost with the cancelled receive.
      const second = createTask(() => receive.receive());
      await sleep(1);
      expect(second.done() ? second.result() : await second).toBe("item");
    });
  });
});
