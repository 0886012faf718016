import { EventLoopError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";

describe("bad input throws at the call, never later", () => {
  it("createTask with a non-function body throws TypeError naming what it got", async () => {
    const errors: unknown[] = [];
    await run(async () => {
      for (const bad of [42, "main", null, undefined, {}]) {
        try {
          createTask(bad as never);
        } catch (err) {
          errors.push(err);
        }
      }
    });
    expect(errors).toHaveLength(5);
    for (const err of errors) expect(err).toBeInstanceOf(TypeError);
    const messages = errors.map((e) => (e as Error).message);
    expect(messages[0]).toMatch(/number 42/);
    expect(messages[1]).toMatch(/the string "main"/);
    expect(messages[2]).toMatch(/null/);
    expect(messages[3]).toMatch(/undefined/);
    expect(messages[4]).toMatch(/an object/);
  });

  it("run with a non-function main throws TypeError synchronously", () => {
    expect(() => run(undefined as never)).toThrow(TypeError);
    expect(() => run(5 as never)).toThrow(/run\(\) takes a function that starts the work, got number 5/);
  });

  it("sleep with a negative or NaN delay throws RangeError; a non-number throws TypeError", async () => {
    const errors: unknown[] = [];
    await run(async () => {
      for (const bad of [-1, Number.NaN, "10"]) {
        try {
          sleep(bad as number);
        } catch (err) {
          errors.push(err);
        }
      }
    });
    expect(errors[0]).toBeInstanceOf(RangeError);
    expect((errors[0] as Error).message).toMatch(/must not be negative, got -1 ms/);
    expect(errors[1]).toBeInstanceOf(RangeError);
    expect((errors[1] as Error).message).toMatch(/NaN/);
    expect(errors[2]).toBeInstanceOf(TypeError);
  });

  it("sleep and createTask outside a running loop throw EventLoopError", () => {
    expect(() => sleep(10)).toThrow(EventLoopError);
    expect(() => createTask(async () => 1)).toThrow(EventLoopError);
  });
});
