import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { CancelScope, createTask, failAfter, failAt, moveOnAfter, moveOnAt, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("moveOnAfter / moveOnAt", () => {
  it("resolve with fn's value in time, undefined when the deadline cut it short (after its clean-up)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const log: string[] = [];
      expect(await moveOnAfter(50, () => sleep(10, "fast"))).toBe("fast");
      const slow = await moveOnAfter(50, async (scope) => {
        expect(scope).toBeInstanceOf(CancelScope);
        try {
          await sleep(1000);
        } finally {
          log.push(`cleaned up at ${loop.time()}`);
        }
        return "slow";
      });
      expect(slow).toBeUndefined();
      expect(log).toEqual(["cleaned up at 60"]);
      expect(await moveOnAt(loop.time() + 5, () => sleep(100, "x"))).toBeUndefined();
      expect(loop.time()).toBe(65);
      expect(await moveOnAfter(Number.POSITIVE_INFINITY, () => sleep(100, "no limit"))).toBe("no limit");
    }, virtual());
  });
});

describe("failAfter / failAt", () => {
  it("resolve with fn's value in time, throw TimeoutError when the deadline passed", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      expect(await failAfter(50, () => sleep(10, "ok"))).toBe("ok");
      const error = await failAfter(50, () => sleep(1000)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(/deadline passed \(60 ms on the loop clock\)/);
      const at = await failAt(loop.time() + 5, () => sleep(1000)).catch((err: unknown) => err);
      expect(at).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBe(65);
    }, virtual());
  });
});

describe.each([
  ["moveOnAfter", moveOnAfter],
  ["failAfter", failAfter],
] as const)("%s and a cancellation from elsewhere", (_name, within) => {
  it("lets it propagate as CancelledError: the scope absorbs only its own", async () => {
    await run(async () => {
      const worker = createTask(() => within(1000, () => sleep(5000)));
      await sleep(10);
      worker.cancel();
      const error = await worker.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(CancelledError);
    }, virtual());
  });
});
