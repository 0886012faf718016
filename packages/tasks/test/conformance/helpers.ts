import { EventLoop, type ExceptionContext } from "@tsio/loop";
import { run, sleep } from "../../src/index.js";
import { VirtualClock } from "../helpers/virtual-clock.js";

/**
 * What CPython's `self.new_test_loop()` gives a test: a loop whose time only moves when every task
 * waits (a virtual clock), and whose exception handler records instead of printing. The
 * conformance tests use the package-local clock because `@tsio/testing` depends on `@tsio/tasks`:
 * a devDependency back on it would make a cycle in the workspace graph.
 */
export interface TestLoop {
  loop: EventLoop;
  clock: VirtualClock;
  /** Every context the loop's exception handler received, in order. */
  errors: ExceptionContext[];
}

export function newTestLoop(): TestLoop {
  const clock = new VirtualClock();
  const loop = new EventLoop({ clock });
  const errors: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    errors.push(context);
  });
  return { loop, clock, errors };
}

/**
 * CPython's `test_utils.run_briefly(loop)`: run the loop for a couple of iterations (a callback
 * scheduled now, and the stop it triggers), with the microtasks they cause.
 */
export async function runBriefly(loop: EventLoop): Promise<void> {
  const done = loop.createFuture<void>();
  loop.callSoon(() => done.setResult());
  await loop.runUntilComplete(done);
}

/** Inside a task: let the loop run `rounds` iterations (the `_run_loop` of CPython's gather tests). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await sleep(0);
}

/** `run(main)` on a virtual clock, so sleeps in the test cost no real time. */
export function runVirtual<T>(main: () => T | PromiseLike<T>): Promise<T> {
  return run(main, { clock: new VirtualClock() });
}
