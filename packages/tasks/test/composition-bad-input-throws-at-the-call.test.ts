import { EventLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import {
  asCompleted,
  ensureFuture,
  gather,
  run,
  shield,
  sleep,
  TaskGroup,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });
// Deliberately wrong inputs, as plain JavaScript callers could pass them.
const loose = <F>(fn: F) => fn as unknown as (...args: unknown[]) => unknown;

describe("bad input to the composition helpers throws at the call", () => {
  it("gather of a non-awaitable names the argument, and starts nothing", async () => {
    await run(async () => {
      let started = false;
      const first = () => {
        started = true;
      };
      expect(() => loose(gather)(first, 5)).toThrow(
        new TypeError(
          "gather() argument 2 is not awaitable: got number 5. Pass a function (started as a task), a Task or Future, or a promise.",
        ),
      );
      expect(() => loose(gather)([first, "x"])).toThrow(/^gather\(\) awaitables\[1\] is not awaitable: got the string "x"/);
      expect(() => loose(gather)(first, [first])).toThrow(/To pass an array, make it the only argument/);
      expect(() => loose(gather)(null)).toThrow(TypeError);
      await sleep(1);
      expect(started).toBe(false);
    }, virtual());
  });

  it("gather rejects options it does not know", async () => {
    await run(async () => {
      expect(() => loose(gather)([() => 1], { return_exceptions: true })).toThrow(
        /unknown option "return_exceptions"/,
      );
      expect(() => loose(gather)(() => 1, { returnExceptions: "yes" })).toThrow(TypeError);
      expect(() => loose(gather)([() => 1], 5)).toThrow(/options must be an object/);
    }, virtual());
  });

  it("negative or NaN timeouts are RangeErrors; a non-number is a TypeError", async () => {
    await run(async () => {
      expect(() => timeout(-1)).toThrow(RangeError);
      expect(() => timeout(Number.NaN)).toThrow(RangeError);
      expect(() => loose(timeout)("10")).toThrow(TypeError);
      expect(() => timeoutAt(Number.NaN)).toThrow(RangeError);
      expect(() => waitFor(() => 1, -5)).toThrow(RangeError);
      expect(() => waitFor(() => 1, Number.NaN)).toThrow(RangeError);
      expect(() => wait([() => 1], { timeout: -1 })).toThrow(RangeError);
      expect(() => wait([() => 1], { timeout: Number.NaN })).toThrow(RangeError);
      expect(() => asCompleted([() => 1], { timeout: -1 })).toThrow(RangeError);
      await timeout(10, (t) => {
        expect(() => t.reschedule(Number.NaN)).toThrow(RangeError);
      });
    }, virtual());
  });

  it("wait, asCompleted, waitFor, shield and ensureFuture check their awaitables", async () => {
    await run(async () => {
      expect(() => loose(wait)(() => 1)).toThrow(/takes an array \(or iterable\) of awaitables/);
      expect(() => wait([])).toThrow(RangeError);
      expect(() => loose(wait)([() => 1], { returnWhen: "FIRST" })).toThrow(/returnWhen must be/);
      expect(() => loose(asCompleted)([1])).toThrow(/asCompleted\(\) awaitables\[0\] is not awaitable/);
      expect(() => loose(waitFor)(42, 10)).toThrow(/waitFor\(\) argument 1 is not awaitable: got number 42/);
      expect(() => loose(shield)(undefined)).toThrow(/shield\(\) argument 1 is not awaitable/);
      expect(() => loose(ensureFuture)({})).toThrow(TypeError);
      expect(() => loose(timeout)(10, "not a function")).toThrow(TypeError);
      expect(() => loose(taskGroup)(null)).toThrow(TypeError);
      await taskGroup((g) => {
        expect(() => loose(g.createTask.bind(g))(sleep(1))).toThrow(/takes a function, not a promise/);
      });
      const other = new EventLoop();
      const foreign = other.createFuture();
      expect(() => gather(foreign)).toThrow(/different event loop/);
      other.close();
      expect(() => loose(TaskGroup)()).toThrow(TypeError);
    }, virtual());
  });
});
