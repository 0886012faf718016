import * as loop from "@tsio/loop";
import * as sync from "@tsio/sync";
import * as tasks from "@tsio/tasks";
import * as thread from "@tsio/thread";
import { describe, expect, it } from "vitest";
import * as tsio from "../src/index.js";

describe("the tsio umbrella", () => {
  it.each([
    ["@tsio/loop", loop],
    ["@tsio/tasks", tasks],
    ["@tsio/sync", sync],
    ["@tsio/thread", thread],
  ])("re-exports every runtime export of %s, the same objects", (_name, mod) => {
    const exported = tsio as Record<string, unknown>;
    for (const [key, value] of Object.entries(mod)) expect(exported[key], key).toBe(value);
  });

  it("carries the structured-concurrency additions: limiter, channels, retry", () => {
    const names = [
      "CapacityLimiter",
      "LimiterToken",
      "openChannel",
      "SendChannel",
      "ReceiveChannel",
      "EndOfChannel",
      "BrokenResourceError",
      "ClosedResourceError",
      "WouldBlock",
      "retry",
      "retryErrors",
      "exponential",
      "fixed",
    ];
    for (const name of names) expect(typeof (tsio as Record<string, unknown>)[name], name).toBe("function");
  });

  it("carries the introspection API: call graph, deadlock error, describeAwait protocol", () => {
    const names = ["captureCallGraph", "formatCallGraph", "formatAwaiting", "printCallGraph", "DeadlockError", "describeAwaitable", "currentOwner", "setOwnerProbe"];
    for (const name of names) expect(typeof (tsio as Record<string, unknown>)[name], name).toBe("function");
    expect(tsio.describeAwait).toBe(Symbol.for("tsio.describeAwait"));
  });

  it("runs the seed's gather example through the umbrella alone", async () => {
    const lines: string[] = [];
    const result = await tsio.run(async () => {
      const getStock = async (symbol: string) => {
        await tsio.sleep(3);
        return `${symbol}: $150`;
      };
      return tsio.gather(
        () => getStock("AAPL"),
        () => getStock("GOOG"),
        () => getStock("MSFT"),
      );
    });
    for (const r of result) lines.push(r);
    expect(lines).toEqual(["AAPL: $150", "GOOG: $150", "MSFT: $150"]);
  });
});
