import { expect, test } from "vitest";
import { LifoQueue, PriorityQueue, Queue } from "../src/index.js";

test("a negative maxsize throws RangeError", () => {
  expect(() => new Queue({ maxsize: -1 })).toThrow(RangeError);
  expect(() => new PriorityQueue({ maxsize: -5 })).toThrow(/new PriorityQueue\(\{ maxsize \}\): maxsize must be at least 0, got -5/);
  expect(() => new LifoQueue({ maxsize: -1 })).toThrow(RangeError);
});

test("a maxsize that is not an integer throws TypeError", () => {
  expect(() => new Queue({ maxsize: 1.5 })).toThrow(TypeError);
  expect(() => new Queue({ maxsize: Number.NaN })).toThrow(TypeError);
  expect(() => new Queue({ maxsize: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  expect(() => new Queue({ maxsize: "3" as unknown as number })).toThrow(/maxsize must be an integer, got the string "3"/);
});

test("options that are not an object throw TypeError", () => {
  expect(() => new Queue(null as unknown as object)).toThrow(TypeError);
  expect(() => new Queue(3 as unknown as object)).toThrow(/options must be an object/);
});

test("maxsize 0 and no options both mean unbounded", () => {
  expect(new Queue({ maxsize: 0 }).maxsize).toBe(0);
  expect(new Queue().maxsize).toBe(0);
});
