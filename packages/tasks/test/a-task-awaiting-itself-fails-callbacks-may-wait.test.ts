import { InvalidStateError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = () => ({ clock: new VirtualClock() });

describe("a task awaiting itself", () => {
  it("fails at that await with an InvalidStateError, after its first await too", async () => {
    const caught = await run(async () => {
      const task: Task<unknown> = createTask(async () => {
        await sleep(5);
        try {
          await task;
        } catch (err) {
          return err;
        }
        return "no error";
      });
      return task;
    }, virtual());
    expect(caught).toBeInstanceOf(InvalidStateError);
    expect(String(caught)).toMatch(/cannot await itself/);
  });

  it("is allowed from a callback that inherited the task's context, which waits for its end", async () => {
    const seen: unknown[] = [];
    await run(async () => {
      const heard = new Promise<void>((resolve) => {
        const task: Task<string> = createTask(async () => {
          // Registered inside the task: runs in a later turn, in the task's context.
          setImmediate(async () => {
            seen.push(await task);
            resolve();
          });
          await sleep(5);
          return "ended";
        });
      });
      await heard;
    }, virtual());
    expect(seen).toEqual(["ended"]);
  });

  it("is allowed from such a callback while the task itself awaits a foreign promise", async () => {
    const seen: unknown[] = [];
    await run(async () => {
      const task: Task<string> = createTask(async () => {
        setImmediate(async () => {
          seen.push(await task);
        });
        await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
        return "ended";
      });
      await task;
      await sleep(0);
    });
    expect(seen).toEqual(["ended"]);
  });
});
