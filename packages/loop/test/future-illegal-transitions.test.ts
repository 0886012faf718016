import { describe, expect, it } from "vitest";
import { CancelledError, EventLoop, InvalidStateError } from "../src/index.js";

const loop = new EventLoop();

describe("every illegal Future transition throws InvalidStateError", () => {
  it("result() and exception() while pending", () => {
    const fut = loop.createFuture<number>();
    expect(() => fut.result()).toThrow(InvalidStateError);
    expect(() => fut.result()).toThrow(/pending/);
    expect(() => fut.exception()).toThrow(InvalidStateError);
    expect(fut.done()).toBe(false);
  });

  it("setResult or setException twice, in any combination", () => {
    const ok = loop.createFuture<number>();
    ok.setResult(1);
    expect(() => ok.setResult(2)).toThrow(InvalidStateError);
    expect(() => ok.setResult(2)).toThrow(/already finished/);
    expect(() => ok.setException(new Error("late"))).toThrow(InvalidStateError);
    expect(ok.result()).toBe(1);

    const failed = loop.createFuture<number>();
    const err = new Error("first");
    failed.setException(err);
    expect(() => failed.setException(new Error("second"))).toThrow(InvalidStateError);
    expect(() => failed.setResult(3)).toThrow(InvalidStateError);
    expect(failed.exception()).toBe(err);
    expect(() => failed.result()).toThrow(err);
  });

  it("setResult or setException after cancel; cancel after done returns false", () => {
    const fut = loop.createFuture<number>();
    expect(fut.cancel("no longer needed")).toBe(true);
    expect(fut.cancel()).toBe(false);
    expect(() => fut.setResult(1)).toThrow(InvalidStateError);
    expect(() => fut.setResult(1)).toThrow(/already cancelled/);
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
    expect(fut.cancelled()).toBe(true);
    expect(fut.done()).toBe(true);

    const finished = loop.createFuture<number>();
    finished.setResult(5);
    expect(finished.cancel()).toBe(false);
    expect(finished.cancelled()).toBe(false);
  });

  it("result() and exception() of a cancelled future throw CancelledError with the message", () => {
    const fut = loop.createFuture<number>();
    fut.cancel("stopped by test");
    expect(() => fut.result()).toThrow(CancelledError);
    expect(() => fut.result()).toThrow("stopped by test");
    expect(() => fut.exception()).toThrow(CancelledError);
    const plain = loop.createFuture<number>();
    plain.cancel();
    expect(() => plain.result()).toThrow(CancelledError);
  });

  it("setException(undefined) is a TypeError and leaves the future pending", () => {
    const fut = loop.createFuture<number>();
    expect(() => fut.setException(undefined)).toThrow(TypeError);
    expect(fut.done()).toBe(false);
    fut.setResult(1);
    expect(fut.result()).toBe(1);
  });

  it("a successful future's exception() is undefined; a failed one accepts any non-undefined value", () => {
    const ok = loop.createFuture<string>();
    ok.setResult("fine");
    expect(ok.exception()).toBeUndefined();
    const weird = loop.createFuture<string>();
    weird.setException(null);
    expect(weird.exception()).toBeNull();
    expect(() => weird.result()).toThrow();
  });
});
