import { describe, expect, it } from "vitest";
import { gather, run, sleep } from "../src/index.js";

const N = 200_000;

describe("gather of 200k awaitables passed as one array", () => {
  it("runs 200k functions as tasks and returns every result in order", async () => {
    const results = await run(async () => {
      const fns: Array<() => Promise<number>> = [];
      for (let i = 0; i < N; i++) {
        fns.push(async () => i);
      }
      return await gather(fns);
    });
    expect(results).toHaveLength(N);
    let inOrder = true;
    for (let i = 0; i < N; i++) if (results[i] !== i) inOrder = false;
    expect(inOrder).toBe(true);
  }, 60_000);

  it("takes 200k promises too", async () => {
    const results = await run(async () => {
      const promises: Promise<number>[] = [];
      for (let i = 0; i < N; i++) promises.push(Promise.resolve(i));
      return await gather(promises);
    });
    expect(results).toHaveLength(N);
    expect(results[N - 1]).toBe(N - 1);
  }, 60_000);

  it("fails fast among 200k without a stack overflow while cancelling the rest", async () => {
    await run(async () => {
      const fns: Array<() => PromiseLike<void>> = [];
      for (let i = 0; i < N; i++) fns.push(() => sleep(1000));
      fns.push(async () => {
        throw new RangeError("one bad apple");
      });
      await expect(gather(fns)).rejects.toThrow("one bad apple");
    });
  }, 60_000);
});
