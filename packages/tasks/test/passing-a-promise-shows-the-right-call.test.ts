import { describe, expect, it } from "vitest";
import { createTask, Runner, run } from "../src/index.js";

async function fetchUser(id: number): Promise<string> {
  return `user_${id}`;
}

async function main(): Promise<string> {
  return "main";
}

describe("passing an already-started promise instead of a function", () => {
  it("run(main()) throws a TypeError at the call that shows run(main)", () => {
    const started = main();
    expect(() => run(started as never)).toThrow(TypeError);
    expect(() => run(started as never)).toThrow(/takes a function, not a promise/);
    expect(() => run(started as never)).toThrow(/run\(main\)/);
  });

  it("new Runner().run(promise) throws the same TypeError", async () => {
    const runner = new Runner();
    expect(() => runner.run(main() as never)).toThrow(/run\(main\)/);
    await runner.close();
  });

  it("createTask(fetchUser(1)) throws a TypeError that shows createTask(() => fetchUser(1))", async () => {
    let caught: unknown;
    await run(async () => {
      try {
        createTask(fetchUser(1) as never);
      } catch (err) {
        caught = err;
      }
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/createTask\(\) takes a function, not a promise/);
    expect((caught as Error).message).toContain("createTask(() => fetchUser(1))");
  });
});
