import { describe, expect, it } from "vitest";
import { EventLoop, type ExceptionContext } from "../src/index.js";

describe("shutdown hooks", () => {
  it("run newest first, each awaited before the next", async () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.addShutdownHook(() => {
      log.push("first registered");
    });
    loop.addShutdownHook(async () => {
      log.push("second start");
      await new Promise((r) => setTimeout(r, 2));
      log.push("second end");
    });
    loop.addShutdownHook(() => {
      log.push("third registered");
    });
    await loop.runShutdownHooks();
    expect(log).toEqual(["third registered", "second start", "second end", "first registered"]);
    await loop.runShutdownHooks();
    expect(log).toHaveLength(4);
    loop.close();
  });

  it("a failing hook is reported to the exception handler and the others still run", async () => {
    const loop = new EventLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    const log: string[] = [];
    const boom = new Error("pool would not close");
    loop.addShutdownHook(() => {
      log.push("older");
    });
    loop.addShutdownHook(async () => {
      throw boom;
    });
    loop.addShutdownHook(() => {
      throw new Error("sync failure");
    });
    await expect(loop.runShutdownHooks()).resolves.toBeUndefined();
    expect(log).toEqual(["older"]);
    expect(reports.map((r) => [r.message, (r.exception as Error).message])).toEqual([
      ["A shutdown hook failed", "sync failure"],
      ["A shutdown hook failed", "pool would not close"],
    ]);
    loop.close();
  });

  it("the returned function unregisters the hook", async () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.addShutdownHook(() => {
      log.push("kept");
    });
    const remove = loop.addShutdownHook(() => {
      log.push("removed");
    });
    remove();
    remove();
    await loop.runShutdownHooks();
    expect(log).toEqual(["kept"]);
    loop.close();
  });

  it("close() discards hooks that never ran", async () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.addShutdownHook(() => {
      log.push("ran");
    });
    loop.close();
    await loop.runShutdownHooks();
    expect(log).toEqual([]);
  });
});
