import { EventLoopError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { Runner, run } from "../src/index.js";

describe("run() inside a running loop", () => {
  it("throws EventLoopError synchronously at the nested call, and the inner main never runs", async () => {
    let innerRan = false;
    let caught: unknown;
    async function other(): Promise<void> {
      innerRan = true;
    }
    async function nested(): Promise<void> {
      try {
        // Not awaited on purpose: the throw must happen at the call, not in a returned promise.
        void run(other);
      } catch (err) {
        caught = err;
      }
    }
    await run(async () => {
      await nested();
    });
    expect(caught).toBeInstanceOf(EventLoopError);
    expect((caught as Error).message).toMatch(/run\(\) cannot be called from a running event loop/);
    expect((caught as Error).message).toMatch(/await/);
    expect(innerRan).toBe(false);
  });

  it("the outer run still completes normally with main's result", async () => {
    const result = await run(async () => {
      expect(() => run(async () => 1)).toThrow(EventLoopError);
      return "outer";
    });
    expect(result).toBe("outer");
  });

  it("a Runner's run() refuses too, from inside another run", async () => {
    const runner = new Runner();
    await run(async () => {
      expect(() => runner.run(async () => 1)).toThrow(EventLoopError);
    });
    await expect(runner.run(async () => "runner ok")).resolves.toBe("runner ok");
    await runner.close();
  });
});
