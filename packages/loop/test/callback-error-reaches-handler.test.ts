import { afterEach, describe, expect, it, vi } from "vitest";
import { EventLoop, type ExceptionContext } from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a throwing callback reaches the exception handler and the loop goes on", () => {
  it("hands the error, the handle and a message to the handler, then runs the rest", async () => {
    const loop = new EventLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((l, ctx) => {
      expect(l).toBe(loop);
      contexts.push(ctx);
    });
    const boom = new Error("boom");
    const seen: string[] = [];
    const handle = loop.callSoon(function explode() {
      throw boom;
    });
    loop.callSoon(() => seen.push("same iteration"));
    loop.callSoon(() => loop.callSoon(() => seen.push("next iteration")));
    const done = loop.createFuture<void>();
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => done.setResult())));
    await loop.runUntilComplete(done);
    loop.close();
    expect(seen).toEqual(["same iteration", "next iteration"]);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.exception).toBe(boom);
    expect(contexts[0]!.handle).toBe(handle);
    expect(contexts[0]!.message).toMatch(/Exception in callback .*explode/);
  });

  it("reports errors thrown by timer callbacks too, and non-Error values", async () => {
    const loop = new EventLoop();
    const errors: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => errors.push(ctx.exception));
    loop.callLater(0, () => {
      throw "a string";
    });
    const done = loop.createFuture<void>();
    loop.callLater(1, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(errors).toEqual(["a string"]);
  });

  it("get/setExceptionHandler: null restores the default, which prints context and stack", async () => {
    const loop = new EventLoop();
    const handler = (): void => {};
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();

    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    loop.callSoon(function failing() {
      throw new Error("printed by default");
    });
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/Exception in callback .*failing/);
    expect(printed[0]).toMatch(/Error: printed by default\n\s+at /);
  });

  it("a throwing exception handler falls back to the default and nothing escapes", async () => {
    const loop = new EventLoop();
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      loop.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      loop.callSoon(() => {
        throw new Error("original failure");
      });
      const seen: string[] = [];
      loop.callSoon(() => seen.push("still running"));
      const done = loop.createFuture<void>();
      loop.callSoon(() => loop.callSoon(() => done.setResult()));
      await loop.runUntilComplete(done);
      loop.close();
      expect(seen).toEqual(["still running"]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    const all = printed.join("\n");
    expect(all).toContain("Unhandled error in the exception handler");
    expect(all).toContain("handler broke");
    expect(all).toContain("original failure");
  });

  it("if even the default handler throws, the message still reaches stderr", () => {
    const loop = new EventLoop();
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    loop.defaultExceptionHandler = () => {
      throw new Error("printing failed");
    };
    expect(() => loop.callExceptionHandler({ message: "last resort" })).not.toThrow();
    loop.close();
    expect(written.join("")).toContain("last resort");
  });
});
