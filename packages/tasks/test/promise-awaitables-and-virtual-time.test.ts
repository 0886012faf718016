import { getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { ensureFuture, gather, run, sleep, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("a promise passed as an awaitable", () => {
  it("is not counted as external work: one that waits on tsio timers finishes under virtual time", async () => {
    const result = await run(async () => {
      const loop = getRunningLoop();
      const promise = (async () => {
        await sleep(1000);
        return "woke up";
      })();
      const fut = ensureFuture(promise);
      expect(loop.externalWorkInFlight()).toBe(0);
      return [await fut, loop.time()];
    }, virtual());
    expect(result).toEqual(["woke up", 1000]);
  });

  it("is counted when wrapped in loop.trackExternal: virtual time waits for it, and only then", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      // A promise settled by the host after a few real macrotasks, outside the loop.
      const foreign = (): Promise<string> =>
        new Promise<string>((resolve) => {
          let spins = 0;
          const spin = (): void => {
            if (++spins < 5) setImmediate(spin);
            else resolve("foreign");
          };
          setImmediate(spin);
        });
      const start = loop.time();
      const tracked = await timeout(10_000, () => gather(loop.trackExternal(foreign())));
      expect(tracked).toEqual(["foreign"]);
      expect(loop.time()).toBe(start);
      // Untracked, the loop looks idle and the clock jumps straight to the pending deadline.
      const untracked = await timeout(10_000, () => gather(foreign())).catch((err: unknown) => err);
      expect((untracked as Error).name).toBe("TimeoutError");
      expect(loop.time()).toBe(start + 10_000);
    }, virtual());
  });

  it("a rejected promise fails the future with its reason; rejection with undefined becomes an Error", async () => {
    await run(async () => {
      await expect(ensureFuture(Promise.reject(new RangeError("no")))).rejects.toThrow(RangeError);
      await expect(ensureFuture(Promise.reject(undefined))).rejects.toThrow(/rejected with undefined/);
      // A thenable that is not a native promise works too.
      // biome-ignore lint/suspicious/noThenProperty: a deliberate non-native thenable.
      const thenable = { then: (ok: (v: number) => void) => ok(7) } as unknown as PromiseLike<number>;
      expect(await ensureFuture(thenable)).toBe(7);
    }, virtual());
  });

  it("cancelling the wrapper only stops waiting: the promise's work runs on", async () => {
    await run(async () => {
      let finished = false;
      const work = (async () => {
        await sleep(100);
        finished = true;
      })();
      const error = await timeout(10, () => ensureFuture(work)).catch((err: unknown) => err);
      expect((error as Error).name).toBe("TimeoutError");
      await work;
      expect(finished).toBe(true);
    }, virtual());
  });
});
