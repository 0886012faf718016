import { describe, expect, it } from "vitest";
import { brandClass, CancelledError, EventLoop, EventLoopError, InvalidStateError, TimeoutError } from "../src/index.js";

/** What a second installed copy of a package defines: another class object under the same id. */
function twinOf(id: string): new (message?: string) => Error {
  const Twin = class extends Error {};
  brandClass(Twin, id);
  return Twin;
}

describe("brandClass: instanceof across installed copies", () => {
  it("makes instances of a twin class under the same id instanceof the original, both ways", () => {
    const First = twinOf("test.Twin");
    const Second = twinOf("test.Twin");
    expect(new Second() instanceof First).toBe(true);
    expect(new First() instanceof Second).toBe(true);
    expect(new First() instanceof twinOf("test.Other")).toBe(false);
  });

  it("gives tsio's error classes that identity: another copy's CancelledError is a CancelledError", () => {
    for (const [Own, id] of [
      [CancelledError, "CancelledError"],
      [TimeoutError, "TimeoutError"],
      [InvalidStateError, "InvalidStateError"],
      [EventLoopError, "EventLoopError"],
    ] as const) {
      expect(new (twinOf(id))() instanceof Own, id).toBe(true);
    }
    expect(new (twinOf("CancelledError"))() instanceof TimeoutError).toBe(false);
    expect(new TimeoutError() instanceof CancelledError).toBe(false);
  });

  it("still answers for ordinary values: plain errors, primitives, null", () => {
    for (const value of [new Error("x"), null, undefined, 5, "CancelledError", {}]) {
      expect(value instanceof CancelledError).toBe(false);
    }
    expect(new CancelledError() instanceof Error).toBe(true);
  });

  it("leaves the ordinary instanceof to a subclass the user derives", () => {
    class AppCancelled extends CancelledError {}
    expect(new AppCancelled() instanceof AppCancelled).toBe(true);
    expect(new AppCancelled() instanceof CancelledError).toBe(true);
    expect(new CancelledError() instanceof AppCancelled).toBe(false);
  });

  it("brands EventLoop by protocol, so another copy's loop passes `instanceof EventLoop`", () => {
    const Twin = class {};
    brandClass(Twin, "EventLoop.v1");
    expect(new Twin() instanceof EventLoop).toBe(true);
    expect(new EventLoop() instanceof EventLoop).toBe(true);
  });
});
