import { getRunningLoop } from "@tsio/loop";
import { expect, test } from "vitest";
import { exponential, fixed, RetryError, type RetryInfo, retry, run } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

/** A function that fails `failures` times, then returns "ok"; it logs the loop time of each call. */
function flaky(failures: number, calls: number[]) {
  return async (attempt: number): Promise<string> => {
    calls.push(getRunningLoop().time());
    if (attempt <= failures) throw new Error(`failure ${attempt}`);
    return "ok";
  };
}

test("retries until fn succeeds, waiting the backoff's delays on loop time, and resolves with its value", async () => {
  await run(async () => {
    const calls: number[] = [];
    const value = await retry(flaky(3, calls), { attempts: 5, backoff: exponential({ baseMs: 100, factor: 2 }) });
    expect(value).toBe("ok");
    expect(calls).toEqual([0, 100, 300, 700]); // waits of 100, 200, 400 ms
  }, virtual());
});

test("when the attempts run out it throws RetryError: every failure in .errors, the last as .cause", async () => {
  await run(async () => {
    const calls: number[] = [];
    const error = await retry(flaky(10, calls), { attempts: 3, backoff: fixed(50) }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toBeInstanceOf(AggregateError);
    const e = error as RetryError;
    expect(e.errors.map((x) => (x as Error).message)).toEqual(["failure 1", "failure 2", "failure 3"]);
    expect((e.cause as Error).message).toBe("failure 3");
    expect(e.attempts).toBe(3);
    expect(e.message).toBe("retry() gave up: all 3 attempts failed (last: Error: failure 3); see .errors for each attempt.");
    expect(calls).toEqual([0, 50, 100]); // no wait after the last attempt
  }, virtual());
});

test("attempts: 1 never retries; the default is 3 attempts with exponential 100, 200 ms waits", async () => {
  await run(async () => {
    const once: number[] = [];
    const single = await retry(flaky(1, once), { attempts: 1 }).catch((err: unknown) => err);
    expect((single as RetryError).errors).toHaveLength(1);
    expect((single as RetryError).message).toContain("the only attempt failed");
    const calls: number[] = [];
    await expect(retry(flaky(5, calls))).rejects.toBeInstanceOf(RetryError);
    expect(calls).toEqual([0, 100, 300]);
  }, virtual());
});

test("exponential() caps each delay at maxMs; fixed() waits the same every time", () => {
  const never = () => 0.5;
  const capped = exponential({ baseMs: 100, factor: 3, maxMs: 1000 });
  expect([1, 2, 3, 4, 5].map((n) => capped(n, never))).toEqual([100, 300, 900, 1000, 1000]);
  expect([1, 2, 3].map((n) => exponential()(n, never))).toEqual([100, 200, 400]);
  expect([1, 7].map((n) => fixed(250)(n, never))).toEqual([250, 250]);
});

test("jitter takes its randomness from the injected random(), so a seeded run repeats exactly", async () => {
  const jittered = exponential({ baseMs: 100, factor: 2, jitter: 0.5 });
  // jitter j: a delay d becomes d * (1 - j * random())
  expect(jittered(1, () => 0)).toBe(100);
  expect(jittered(2, () => 0.5)).toBe(150);
  expect(exponential({ baseMs: 400, jitter: 1 })(1, () => 0.75)).toBe(100);

  const delaysOf = async (): Promise<number[]> => {
    const seq = [0.1, 0.875, 0.4];
    let i = 0;
    const delays: number[] = [];
    await run(async () => {
      await retry(flaky(3, []), {
        attempts: 4,
        backoff: exponential({ baseMs: 100, jitter: 1 }),
        random: () => seq[i++]!,
        onRetry: ({ delayMs }) => void delays.push(delayMs),
      });
    }, virtual());
    return delays;
  };
  const first = await delaysOf();
  expect(first).toEqual([90, 25, 240]);
  expect(await delaysOf()).toEqual(first);
});

test("onRetry hears of each failure that will be retried, before the wait, and retry() awaits it", async () => {
  await run(async () => {
    const seen: string[] = [];
    const loop = getRunningLoop();
    await retry(flaky(2, []), {
      attempts: 3,
      backoff: fixed(10),
      onRetry: async (info: RetryInfo) => {
        seen.push(`${info.attempt}:${(info.error as Error).message}:${info.delayMs}:${info.errors.length}@${loop.time()}`);
        await new Promise<void>((resolve) => loop.callSoon(resolve));
      },
    });
    expect(seen).toEqual(["1:failure 1:10:1@0", "2:failure 2:10:2@10"]);
  }, virtual());
});

test("a custom Backoff function gets the retry number; a bad delay from it throws at that point", async () => {
  await run(async () => {
    const calls: number[] = [];
    await retry(flaky(2, calls), { backoff: (n) => n * 7 });
    expect(calls).toEqual([0, 7, 21]);
    await expect(retry(flaky(2, []), { backoff: () => -1 })).rejects.toThrow(/the backoff's delay before retry 1 must not be negative/);
  }, virtual());
});
