import { getRunningLoop } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import { gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

async function getStock(symbol: string): Promise<string> {
  await sleep(300);
  return `${symbol}: $150`;
}

describe("seed: gather", () => {
  it("runs task A and task B concurrently: B is done at 1000 ms, both at 2000 ms", async () => {
    const lines: string[] = [];
    const end = await run(async () => {
      const loop = getRunningLoop();
      const start = loop.time();
      await gather(
        async () => {
          lines.push("Task A: starting");
          await sleep(2000);
          lines.push(`Task A: done at ${loop.time() - start}`);
        },
        async () => {
          lines.push("Task B: starting");
          await sleep(1000);
          lines.push(`Task B: done at ${loop.time() - start}`);
        },
      );
      return loop.time() - start;
    }, virtual());
    expect(lines).toEqual(["Task A: starting", "Task B: starting", "Task B: done at 1000", "Task A: done at 2000"]);
    expect(end).toBe(2000);
  });

  it("gathers three stocks in order, concurrently (300 ms, not 900)", async () => {
    const printed: string[] = [];
    const elapsed = await run(async () => {
      const loop = getRunningLoop();
      const start = loop.time();
      const results = await gather(
        () => getStock("AAPL"),
        () => getStock("GOOG"),
        () => getStock("MSFT"),
      );
      expectTypeOf(results).toEqualTypeOf<[string, string, string]>();
      for (const r of results) printed.push(r);
      return loop.time() - start;
    }, virtual());
    expect(printed).toEqual(["AAPL: $150", "GOOG: $150", "MSFT: $150"]);
    expect(elapsed).toBe(300);
  });

  it("also takes the promises of already-called async functions, as the seed writes it", async () => {
    const results = await run(
      () => gather(getStock("AAPL"), getStock("GOOG"), getStock("MSFT")),
      virtual(),
    );
    expect(results).toEqual(["AAPL: $150", "GOOG: $150", "MSFT: $150"]);
  });

  it("returnExceptions: might_fail and sleep(1000) give [Error, undefined] (two results for two awaitables)", async () => {
    const results = await run(async () => {
      async function mightFail(): Promise<never> {
        throw new RangeError("something went wrong");
      }
      return await gather(mightFail, () => sleep(1000), { returnExceptions: true });
    }, virtual());
    expect(results).toHaveLength(2);
    expect(results[0]).toBeInstanceOf(RangeError);
    expect((results[0] as Error).message).toBe("something went wrong");
    expect(results[1]).toBeUndefined();
  });
});
