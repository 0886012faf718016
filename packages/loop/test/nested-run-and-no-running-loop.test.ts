import { describe, expect, it } from "vitest";
import { EventLoop, EventLoopError, getRunningLoop, tryGetRunningLoop } from "../src/index.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("one running loop; getRunningLoop() outside one throws", () => {
  it("getRunningLoop() outside a loop throws EventLoopError saying there is none", () => {
    const err = thrown(() => getRunningLoop());
    expect(err).toBeInstanceOf(EventLoopError);
    expect((err as Error).name).toBe("EventLoopError");
    expect((err as Error).message).toMatch(/^no running event loop/);
    expect(tryGetRunningLoop()).toBeNull();
  });

  it("inside callbacks getRunningLoop() is the loop, and it is cleared after the run", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<[unknown, unknown]>();
    loop.callSoon(() => fut.setResult([getRunningLoop(), tryGetRunningLoop()]));
    const [running, maybe] = await loop.runUntilComplete(fut);
    expect(running).toBe(loop);
    expect(maybe).toBe(loop);
    expect(tryGetRunningLoop()).toBeNull();
    expect(() => getRunningLoop()).toThrow(EventLoopError);
    loop.close();
  });

  it("runUntilComplete / runForever on the running loop throw at once with a clear message", async () => {
    const loop = new EventLoop();
    const errors = loop.createFuture<unknown[]>();
    loop.callSoon(() => {
      const inner = loop.createFuture<number>();
      errors.setResult([thrown(() => loop.runUntilComplete(inner)), thrown(() => loop.runForever())]);
    });
    const [a, b] = await loop.runUntilComplete(errors);
    loop.close();
    for (const err of [a, b]) {
      expect(err).toBeInstanceOf(EventLoopError);
      expect((err as Error).message).toMatch(/already running/);
    }
  });

  it("running a second loop while one runs throws at once, and the second stays usable", async () => {
    const outer = new EventLoop();
    const inner = new EventLoop();
    const innerFut = inner.createFuture<string>();
    const errors = outer.createFuture<unknown[]>();
    outer.callSoon(() => {
      errors.setResult([thrown(() => inner.runUntilComplete(innerFut)), thrown(() => inner.runForever())]);
    });
    const [a, b] = await outer.runUntilComplete(errors);
    outer.close();
    for (const err of [a, b]) {
      expect(err).toBeInstanceOf(EventLoopError);
      expect((err as Error).message).toMatch(/another loop is running/);
    }
    expect(inner.isRunning()).toBe(false);
    inner.callSoon(() => innerFut.setResult("inner ran later"));
    await expect(inner.runUntilComplete(innerFut)).resolves.toBe("inner ran later");
    inner.close();
  });

  it("a nested run attempt leaves no stray stop-when-done callback on the future", async () => {
    const loop = new EventLoop();
    const target = loop.createFuture<number>();
    const probe = loop.createFuture<void>();
    loop.callSoon(() => {
      thrown(() => loop.runUntilComplete(target));
      probe.setResult();
    });
    await loop.runUntilComplete(probe);

    // Completing the target later must not stop an unrelated run: a stray callback would stop it
    // after the second iteration, before the third one logs.
    const seen: string[] = [];
    loop.callSoon(() => target.setResult(1));
    loop.callSoon(() =>
      loop.callSoon(() =>
        loop.callSoon(() => {
          seen.push("third iteration");
          loop.stop();
        }),
      ),
    );
    await loop.runForever();
    expect(seen).toEqual(["third iteration"]);
    loop.close();
  });
});
