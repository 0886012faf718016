import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, EventLoop, isFuture, setAwaitHook } from "../src/index.js";

afterEach(() => {
  setAwaitHook(null);
});

describe("a Future can be awaited from plain async code", () => {
  it("await yields the result; a failed future rejects with its error", async () => {
    const loop = new EventLoop();
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const boom = new Error("boom");
    const outcome = loop.createFuture<string[]>();
    const log: string[] = [];
    const consumer = async (): Promise<void> => {
      log.push(`ok=${await ok}`);
      try {
        await bad;
      } catch (err) {
        log.push(`caught=${err === boom}`);
      }
      outcome.setResult(log);
    };
    loop.callSoon(() => void consumer());
    loop.callLater(1, () => ok.setResult(41 + 1));
    loop.callLater(2, () => bad.setException(boom));
    expect(await loop.runUntilComplete(outcome)).toEqual(["ok=42", "caught=true"]);
    loop.close();
  });

  it("then/catch/finally behave like a promise's and return real promises", async () => {
    const loop = new EventLoop();
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const log: string[] = [];
    const chained = ok.then((v) => v * 2);
    expect(chained).toBeInstanceOf(Promise);
    const caught = bad.catch((err: unknown) => (err as Error).message);
    const finOk = ok.finally(() => log.push("finally ok"));
    const finBad = bad.finally(() => log.push("finally bad"));
    const passThrough = ok.then(null, null);
    const rejected = bad.then(undefined, undefined);
    const all = Promise.allSettled([chained, caught, finOk, finBad, passThrough, rejected]);
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      ok.setResult(21);
      bad.setException(new Error("nope"));
    });
    void all.then(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    const results = await all;
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : `rejected:${(r.reason as Error).message}`))).toEqual([
      42,
      "nope",
      21,
      "rejected:nope",
      21,
      "rejected:nope",
    ]);
    expect(log.sort()).toEqual(["finally bad", "finally ok"]);
  });

  it("then() with two anonymous one-argument callbacks is a chained call, not an await", async () => {
    // Shaped like a promise's resolving functions (nameless, one parameter): only their source
    // tells them apart, and then() must still hand back a promise that settles.
    const loop = new EventLoop();
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const awaitFlags: boolean[] = [];
    setAwaitHook((_future, isAwait) => {
      awaitFlags.push(isAwait === true);
      return undefined;
    });
    const fromOk = ok.then(
      (v) => v + 1,
      (e) => e,
    );
    const fromBad = bad.then(
      (v) => v,
      (e) => `caught ${(e as Error).message}`,
    );
    expect(fromOk).toBeInstanceOf(Promise);
    expect(awaitFlags).toEqual([false, false]);
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      ok.setResult(1);
      bad.setException(new Error("x"));
    });
    void Promise.all([fromOk, fromBad]).then(() => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();
    expect(await Promise.all([fromOk, fromBad])).toEqual([2, "caught x"]);
  });

  it("a throwing onFulfilled rejects the returned promise", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const p = fut.then(() => {
      throw new Error("from handler");
    });
    const done = loop.createFuture<void>();
    p.catch(() => done.setResult());
    fut.setResult(1);
    await loop.runUntilComplete(done);
    loop.close();
    await expect(p).rejects.toThrow("from handler");
  });

  it("awaiting a cancelled future throws CancelledError with the cancel message", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const outcome = loop.createFuture<unknown>();
    loop.callSoon(async () => {
      try {
        await fut;
      } catch (err) {
        outcome.setResult(err);
      }
    });
    loop.callLater(1, () => fut.cancel("shutting down"));
    const err = await loop.runUntilComplete(outcome);
    loop.close();
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("shutting down");
  });

  it("awaiting an already finished future still resumes through the loop", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<string>();
    fut.setResult("early");
    const log: string[] = [];
    const outcome = loop.createFuture<void>();
    loop.callSoon(async () => {
      log.push(await fut);
      outcome.setResult();
    });
    await loop.runUntilComplete(outcome);
    loop.close();
    expect(log).toEqual(["early"]);
  });

  it("every await goes through the await hook, which can make that await throw", async () => {
    const loop = new EventLoop();
    const hooked: unknown[] = [];
    const vetoed = loop.createFuture<number>();
    const previous = setAwaitHook((awaited) => {
      hooked.push(awaited);
      if (awaited === vetoed) throw new CancelledError("cancel requested");
      return undefined;
    });
    expect(previous).toBeNull();
    const plain = loop.createFuture<number>();
    const outcome = loop.createFuture<string[]>();
    loop.callSoon(async () => {
      const log: string[] = [];
      log.push(`plain=${await plain}`);
      try {
        await vetoed;
      } catch (err) {
        log.push(`vetoed=${(err as Error).name}`);
      }
      outcome.setResult(log);
    });
    loop.callSoon(() => plain.setResult(7));
    const log = await loop.runUntilComplete(outcome);
    loop.close();
    expect(log).toEqual(["plain=7", "vetoed=CancelledError"]);
    expect(hooked).toContain(plain);
    expect(hooked).toContain(vetoed);
    expect(vetoed.done()).toBe(false);
  });

  it("isFuture tells futures from promises", () => {
    const loop = new EventLoop();
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(Promise.resolve())).toBe(false);
    const thenable: PromiseLike<void> = Promise.resolve().then(() => {});
    expect(isFuture(thenable)).toBe(false);
    loop.close();
  });
});
