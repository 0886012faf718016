import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { expect, test } from "vitest";
import { createTask, retry, retryErrors, run, sleep, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

test("a CancelledError from fn is thrown at once, never retried", async () => {
  await run(async () => {
    let calls = 0;
    const error = await retry(
      () => {
        calls++;
        throw new CancelledError("stop");
      },
      { attempts: 5 },
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CancelledError);
    expect(retryErrors(error)).toBeUndefined();
    expect(calls).toBe(1);
  }, virtual());
});

test("cancelling the task during the backoff wait cancels the sleep: no further attempt runs", async () => {
  await run(async () => {
    const loop = getRunningLoop();
    let calls = 0;
    const task = createTask(() =>
      retry(
        () => {
          calls++;
          throw new Error("down");
        },
        { attempts: 10, backoff: () => 10_000 },
      ),
    );
    await sleep(500);
    task.cancel();
    const error = await task.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CancelledError); // not the attempt's failure, and no list on it
    expect(retryErrors(error)).toBeUndefined();
    expect(calls).toBe(1);
    expect(loop.time()).toBe(500); // the 10 s wait was not run out
  }, virtual());
});

test("a timeout() around retry() stops it with TimeoutError, mid-attempt or mid-wait", async () => {
  await run(async () => {
    const loop = getRunningLoop();
    let calls = 0;
    const error = await timeout(250, () =>
      retry(
        async () => {
          calls++;
          await sleep(60);
          throw new Error("slow failure");
        },
        { attempts: 100, backoff: () => 40 },
      ),
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls).toBe(3); // attempts start at 0, 100, 200
    expect(loop.time()).toBe(250);
  }, virtual());
});

test("retryIf turns a failure down: it is thrown itself, at once, with the failures so far; the attempt number is passed", async () => {
  await run(async () => {
    const asked: number[] = [];
    let calls = 0;
    const fatal = new TypeError("bad request");
    const error = await retry(
      () => {
        calls++;
        throw calls < 3 ? new Error("flaky") : fatal;
      },
      {
        attempts: 10,
        backoff: () => 1,
        retryIf: (err, attempt) => {
          asked.push(attempt);
          return !(err instanceof TypeError);
        },
      },
    ).catch((err: unknown) => err);
    expect(error).toBe(fatal);
    expect(retryErrors(error)).toHaveLength(3);
    expect(retryErrors(error)![2]).toBe(fatal);
    expect((retryErrors(error)![0] as Error).message).toBe("flaky");
    expect(asked).toEqual([1, 2, 3]);
  }, virtual());
});
