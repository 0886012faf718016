import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("cancelling a task interrupts the task's own await", () => {
  it("when a callback registered inside it (a later turn) awaits tsio in its context", async () => {
    const log: string[] = [];
    await run(async () => {
      const main = createTask(async () => {
        // The callback inherits this task's context, as an http handler or a listener does.
        setImmediate(async () => {
          log.push(`callback sees currentTask() = ${currentTask()}`);
          await sleep(500);
          log.push("callback slept to the end");
        });
        try {
          await sleep(1000);
        } catch (err) {
          log.push(`main's own await got ${(err as Error).name}`);
          throw err;
        }
      });
      await sleep(100);
      main.cancel();
      await main.catch(() => undefined);
      await sleep(1000);
    }, virtual());
    expect(log).toEqual([
      "callback sees currentTask() = null",
      "main's own await got CancelledError",
      "callback slept to the end",
    ]);
  });

  it("when an async helper it started without awaiting suspends first in the same turn", async () => {
    let caught: unknown;
    await run(async () => {
      const task = createTask(async () => {
        const helper = (async () => {
          await sleep(50);
          return "helper";
        })();
        try {
          await sleep(1000);
        } catch (err) {
          caught = err;
        }
        return helper;
      });
      await sleep(10);
      task.cancel();
      expect(await task).toBe("helper");
    }, virtual());
    expect(caught).toBeInstanceOf(CancelledError);
  });

  it("when it chained then/catch on a future first: those do not make it wait", async () => {
    let caught: unknown;
    await run(async () => {
      const other = createTask(() => sleep(2000));
      const task = createTask(async () => {
        other.catch(() => undefined);
        void sleep(5).then(() => undefined);
        try {
          await sleep(1000);
        } catch (err) {
          caught = err;
        }
      });
      await sleep(10);
      task.cancel();
      await task;
      expect(other.done()).toBe(false);
      other.cancel();
    }, virtual());
    expect(caught).toBeInstanceOf(CancelledError);
  });
});
