import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

// Deliberately wrong inputs, as plain JavaScript callers could pass them.
const loose = (value: unknown) => value as never;

describe("bad arguments throw TypeError/RangeError at the call", () => {
  const loop = new EventLoop();

  it("rejects NaN and negative delays with RangeError, non-numbers with TypeError", () => {
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(/NaN/);
    expect(() => loop.callLater(-1, () => {})).toThrow(RangeError);
    expect(() => loop.callLater(-1, () => {})).toThrow(/must not be negative, got -1 ms/);
    expect(() => loop.callLater(loose("5"), () => {})).toThrow(TypeError);
    expect(() => loop.callLater(loose("5"), () => {})).toThrow(/got the string "5"/);
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => loop.callAt(loose(null), () => {})).toThrow(TypeError);
    expect(loop.pendingWork()).toEqual({ ready: 0, timers: 0 });
  });

  it("rejects a non-function callback with TypeError naming what it got", () => {
    expect(() => loop.callSoon(loose(undefined))).toThrow(TypeError);
    expect(() => loop.callSoon(loose(undefined))).toThrow(/callback must be a function, got undefined/);
    expect(() => loop.callSoon(loose("run"))).toThrow(TypeError);
    expect(() => loop.callSoonThreadsafe(loose(42))).toThrow(/got number 42/);
    expect(() => loop.callLater(1, loose({}))).toThrow(/got an object/);
    expect(() => loop.callAt(1, loose(Promise.resolve()))).toThrow(/got a promise/);
    expect(() => loop.createFuture().addDoneCallback(loose(null))).toThrow(TypeError);
    expect(() => loop.setExceptionHandler(loose("handler"))).toThrow(TypeError);
    expect(() => loop.addShutdownHook(loose(1))).toThrow(TypeError);
    expect(loop.pendingWork()).toEqual({ ready: 0, timers: 0 });
  });

  it("runUntilComplete takes only a Future of this loop", () => {
    expect(() => loop.runUntilComplete(loose(Promise.resolve(1)))).toThrow(TypeError);
    expect(() => loop.runUntilComplete(loose(Promise.resolve(1)))).toThrow(/takes a tsio Future/);
    expect(() => loop.runUntilComplete(loose(undefined))).toThrow(TypeError);
    const other = new EventLoop();
    expect(() => loop.runUntilComplete(other.createFuture())).toThrow(/different loop/);
    other.close();
    expect(loop.isRunning()).toBe(false);
  });

  it("validates constructor options", () => {
    expect(() => new EventLoop({ slowCallbackMs: -5 })).toThrow(RangeError);
    expect(() => new EventLoop({ slowCallbackMs: Number.NaN })).toThrow(RangeError);
    expect(() => new EventLoop({ slowCallbackMs: loose("100") })).toThrow(TypeError);
  });
});
