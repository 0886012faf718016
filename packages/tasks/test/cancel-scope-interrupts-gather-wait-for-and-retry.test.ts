import { type CancelledError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { fixed, gather, moveOnAfter, retry, run, sleep, waitFor } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("a cancelled scope interrupts tsio's compositions inside it", () => {
  it("gather: its children are cancelled, their clean-up runs, and the scope moves on", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(1000);
        } catch (err) {
          await sleep(5); // a child's clean-up is not inside the scope: it may await
          log.push(`${name}: ${(err as CancelledError).name} at ${loop.time()}`);
          throw err;
        }
      };
      expect(await moveOnAfter(10, () => gather(child("a"), child("b")))).toBeUndefined();
      expect(log).toEqual(["a: CancelledError at 15", "b: CancelledError at 15"]);
      expect(loop.time()).toBe(15);
    }, virtual());
  });

  it("waitFor: the inner work is cancelled and the scope's cancellation wins over waitFor's later deadline", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      expect(await moveOnAfter(10, () => waitFor(() => sleep(1000), 500))).toBeUndefined();
      expect(loop.time()).toBe(10);
    }, virtual());
  });

  it("retry: neither the attempt nor the wait between attempts is retried past the scope", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let attempts = 0;
      const value = await moveOnAfter(130, () =>
        retry(
          async () => {
            attempts++;
            await sleep(50);
            throw new Error("flaky");
          },
          { attempts: 10, backoff: fixed(20) },
        ),
      );
      expect(value).toBeUndefined();
      // Attempt 1 at 0-50, attempt 2 at 70-120, attempt 3 would start at 140: cut at 130, mid-wait.
      expect(attempts).toBe(2);
      expect(loop.time()).toBe(130);
    }, virtual());
  });
});
