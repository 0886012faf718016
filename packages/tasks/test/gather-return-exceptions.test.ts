import { CancelledError } from "@tsio/loop";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createTask, gather, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("gather with { returnExceptions: true }", () => {
  it("returns every error in its place, in order, and cancels nothing", async () => {
    await run(async () => {
      const e1 = new RangeError("one");
      const e3 = new TypeError("three");
      let slowFinished = false;
      const results = await gather(
        async () => {
          await sleep(30);
          throw e1;
        },
        async () => {
          await sleep(50);
          slowFinished = true;
          return 2;
        },
        async () => {
          await sleep(10);
          throw e3;
        },
        { returnExceptions: true },
      );
      expectTypeOf(results).toEqualTypeOf<[Error, number | Error, Error]>();
      expect(results).toEqual([e1, 2, e3]);
      expect(results[0]).toBe(e1);
      expect(results[2]).toBe(e3);
      expect(slowFinished).toBe(true);
    }, virtual());
  });

  it("a cancelled child comes back as a CancelledError in its place", async () => {
    await run(async () => {
      const victim = createTask(() => sleep(1000, "never"));
      const g = gather([victim, () => sleep(20, "ok")], { returnExceptions: true });
      await sleep(5);
      victim.cancel("stop it");
      const [first, second] = await g;
      expect(first).toBeInstanceOf(CancelledError);
      expect((first as Error).message).toBe("stop it");
      expect(second).toBe("ok");
    }, virtual());
  });

  it("also in the array form, and with a non-Error throwable kept as it was thrown", async () => {
    await run(async () => {
      const results = await gather(
        [
          () => {
            throw "a string";
          },
          () => 7,
        ],
        { returnExceptions: true },
      );
      expect(results).toEqual(["a string", 7]);
    }, virtual());
  });
});
