import { getRunningLoop } from "@tsio/loop";
import { expect, test } from "vitest";
import { exponential, fixed, type RetryInfo, retry, retryErrors, run } from "../src/index.js";
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

test("when the attempts run out it throws the last failure itself, every attempt's failure attached in order", async () => {
  await run(async () => {
    const calls: number[] = [];
    const thrown: Error[] = [];
    const error = await retry(
      async (attempt) => {
        calls.push(getRunningLoop().time());
        const err = new RangeError(`failure ${attempt}`);
        thrown.push(err);
        throw err;
      },
      { attempts: 3, backoff: fixed(50) },
    ).catch((err: unknown) => err);
    expect(error).toBe(thrown[2]); // the same object: instanceof and the caller's checks work unchanged
    expect(error).toBeInstanceOf(RangeError);
    expect(retryErrors(error)).toEqual(thrown);
    expect(retryErrors(error)![0]).toBe(thrown[0]);
    expect(calls).toEqual([0, 50, 100]); // no wait after the last attempt
  }, virtual());
});

test("retryErrors is a non-enumerable, configurable own property, frozen, invisible to JSON and keys", async () => {
  await run(async () => {
    const error = (await retry(flaky(10, []), { attempts: 2, backoff: fixed(1) }).catch((err: unknown) => err)) as Error;
    const own = Object.getOwnPropertyDescriptor(error, "retryErrors")!;
    expect(own.enumerable).toBe(false);
    expect(own.configurable).toBe(true);
    expect(Object.isFrozen(own.value)).toBe(true);
    expect(Object.keys(error)).toEqual([]);
    expect(JSON.stringify(error)).toBe("{}");
    expect((own.value as Error[]).map((e) => e.message)).toEqual(["failure 1", "failure 2"]);
  }, virtual());
});

test("a primitive or a frozen error is thrown as it is, without the list; retryErrors() of anything else is undefined", async () => {
  await run(async () => {
    let n = 0;
    const primitive = await retry(
      () => {
        throw `down ${++n}`;
      },
      { attempts: 2, backoff: fixed(1) },
    ).catch((err: unknown) => err);
    expect(primitive).toBe("down 2");
    expect(retryErrors(primitive)).toBeUndefined();

    const frozen = Object.freeze(new Error("frozen"));
    const caught = await retry(
      () => {
        throw frozen;
      },
      { attempts: 2, backoff: fixed(1) },
    ).catch((err: unknown) => err);
    expect(caught).toBe(frozen);
    expect(retryErrors(caught)).toBeUndefined();

    for (const value of [undefined, null, 0, "x", new Error("never retried"), { retryErrors: "not a list" }]) {
      expect(retryErrors(value)).toBeUndefined();
    }
  }, virtual());
});

test("the same error retried again by an outer retry() carries the outer attempts' list", async () => {
  await run(async () => {
    const shared = new Error("always");
    const inner = () =>
      retry(
        () => {
          throw shared;
        },
        { attempts: 2, backoff: fixed(1) },
      );
    const error = await retry(inner, { attempts: 3, backoff: fixed(1) }).catch((err: unknown) => err);
    expect(error).toBe(shared);
    expect(retryErrors(error)).toEqual([shared, shared, shared]);
  }, virtual());
});

test("attempts: 1 never retries; the default is 3 attempts with exponential 100, 200 ms waits", async () => {
  await run(async () => {
    const once: number[] = [];
    const single = await retry(flaky(1, once), { attempts: 1 }).catch((err: unknown) => err);
    expect((single as Error).message).toBe("failure 1");
    expect(retryErrors(single)).toEqual([single]);
    expect(once).toEqual([0]);
    const calls: number[] = [];
    await expect(retry(flaky(5, calls))).rejects.toThrow("failure 3");
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
