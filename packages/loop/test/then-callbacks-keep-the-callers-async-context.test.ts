import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("then/catch/finally callbacks on a Future", () => {
  it("run in the async context of the then() call, like a promise's", async () => {
    const storage = new AsyncLocalStorage<string>();
    const loop = new EventLoop();
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const seen: (string | undefined)[] = [];
    const chained: Promise<unknown>[] = [];
    storage.run("request-1", () => {
      chained.push(ok.then((v) => seen.push(`then ${v} ${storage.getStore()}`)));
      chained.push(bad.catch(() => seen.push(`catch ${storage.getStore()}`)));
      chained.push(ok.finally(() => seen.push(`finally ${storage.getStore()}`)));
    });
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      ok.setResult(1);
      bad.setException(new Error("x"));
    });
    loop.callLater(1, () => done.setResult());
    await loop.runUntilComplete(done);
    await Promise.all(chained);
    loop.close();
    expect(seen.sort()).toEqual(["catch request-1", "finally request-1", "then 1 request-1"]);
  });
});
