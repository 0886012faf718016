import { type Clock, type ClockHost, type ClockWait, getRunningLoop } from "@tsio/loop";
import { run } from "../../src/index.js";
import { VirtualClock } from "./virtual-clock.js";

/**
 * A virtual clock that can also jump ahead while the loop is busy, the way a blocking computation
 * (`time.sleep()` in CPython's tests) lets deadlines pass without the loop seeing them come.
 */
export class BusyClock implements Clock {
  private readonly inner = new VirtualClock();
  private offset = 0;

  /** Moves time forward by `ms` at once, without letting the loop run. */
  block(ms: number): void {
    this.offset += ms;
  }

  now(): number {
    return this.inner.now() + this.offset;
  }

  wait(deadline: number, wake: () => void): ClockWait {
    return this.inner.wait(deadline - this.offset, wake);
  }

  attach(host: ClockHost): void {
    this.inner.attach(host);
  }

  detach(host: ClockHost): void {
    this.inner.detach(host);
  }
}

/**
 * `run(main)` on a virtual clock, in debug mode: there the loop drains each callback's microtasks
 * before it runs the next callback, the granularity at which asyncio's tests count iterations
 * (conformance README). `CONFORMANCE_BATCHED=1` runs the default batched mode instead.
 */
export function runVirtual<T>(main: () => Promise<T>, clock: Clock = new BusyClock()): Promise<T> {
  return run(main, { clock, debug: process.env.CONFORMANCE_BATCHED !== "1" });
}

/** What `fn` threw (failing the test if it did not throw), for CPython's `assertRaises(...) as cm`. */
export async function thrown(fn: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

/**
 * What `fn` throws when called from a plain loop callback (no task around it): CPython's
 * `await_without_task()`. Resolves to `null` if it does not throw.
 */
export async function thrownOutsideATask(fn: () => unknown): Promise<unknown> {
  const loop = getRunningLoop();
  const outcome = loop.createFuture<unknown>();
  loop.callSoon(() => {
    try {
      fn();
      outcome.setResult(null);
    } catch (err) {
      outcome.setResult(err);
    }
  });
  return await outcome;
}
