import { EventLoopError } from "@tsio/loop";
import { expect, test } from "vitest";
import { exponential, fixed, retry, run } from "../src/index.js";

test("retry() checks fn and every option at the call, naming the argument", async () => {
  await run(async () => {
    const fn = () => 1;
    expect(() => retry("nope" as unknown as () => number)).toThrow(/retry\(fn, options\): fn must be a function, got the string "nope"/);
    expect(() => retry(fn, null as unknown as object)).toThrow(/options must be an object/);
    expect(() => retry(fn, { attempts: 0 })).toThrow(RangeError);
    expect(() => retry(fn, { attempts: 2.5 })).toThrow(/attempts must be an integer or Infinity/);
    expect(() => retry(fn, { backoff: 100 as unknown as () => number })).toThrow(/backoff must be a function/);
    expect(() => retry(fn, { retryIf: true as unknown as () => boolean })).toThrow(/retryIf must be a function/);
    expect(() => retry(fn, { onRetry: "log" as unknown as () => void })).toThrow(/onRetry must be a function/);
    expect(() => retry(fn, { random: 4 as unknown as () => number })).toThrow(/random must be a function/);
    expect(await retry(fn, { attempts: Number.POSITIVE_INFINITY })).toBe(1);
  });
});

test("retry() outside a running loop throws EventLoopError at once, before calling fn", () => {
  let called = false;
  expect(() =>
    retry(() => {
      called = true;
    }),
  ).toThrow(EventLoopError);
  expect(called).toBe(false);
});

test("exponential() and fixed() check their options at the call", () => {
  expect(() => exponential({ baseMs: -1 })).toThrow(/exponential\(\{ baseMs \}\): baseMs must not be negative/);
  expect(() => exponential({ factor: 0.5 })).toThrow(/factor must be between 1 and Infinity/);
  expect(() => exponential({ maxMs: Number.NaN })).toThrow(RangeError);
  expect(() => exponential({ jitter: 2 })).toThrow(/jitter must be between 0 and 1/);
  expect(() => exponential({ jitter: "full" as unknown as number })).toThrow(TypeError);
  expect(() => exponential(5 as unknown as object)).toThrow(/options must be an object/);
  expect(() => fixed(-5)).toThrow(/fixed\(ms\): ms must not be negative/);
});
