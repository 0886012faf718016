import { describe, expect, it } from "vitest";
import { run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("seed: run(main) awaits a coroutine and returns its value", () => {
  it("prints 'Hello, world' after the 500 ms greeting", async () => {
    const lines: string[] = [];
    const clock = new VirtualClock();

    async function greet(name: string): Promise<string> {
      await sleep(500);
      return `Hello, ${name}`;
    }

    async function main(): Promise<void> {
      const result = await greet("world");
      lines.push(result);
    }

    await run(main, { clock });
    expect(lines).toEqual(["Hello, world"]);
    expect(clock.now()).toBe(500);
  });

  it("resolves with what main returns", async () => {
    const result = await run(
      async () => {
        await sleep(500);
        return "Hello!";
      },
      { clock: new VirtualClock() },
    );
    expect(result).toBe("Hello!");
  });
});
