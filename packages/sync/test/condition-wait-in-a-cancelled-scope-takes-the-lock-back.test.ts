import { type CancelledError, getRunningLoop } from "@tsio/loop";
import { CancelScope, createTask, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { Condition } from "../src/index.js";
import { runVirtual } from "./helpers/virtual-run.js";

describe("Condition.wait() inside a cancelled CancelScope", () => {
  it("waits for its lock back (no endless raise-and-retry), then raises; the lock is held again", async () => {
    await runVirtual(async () => {
        const loop = getRunningLoop();
        const cond = new Condition();
        const log: string[] = [];
        const scope = new CancelScope({ deadline: 10 });
        // Another holder keeps the lock from 5 to 30: the re-acquire must wait for it.
        createTask(async () => {
          await sleep(5);
          await cond.acquire();
          await sleep(25);
          cond.release();
        });
        await scope.run(async () => {
          await cond.acquire();
          try {
            await cond.wait();
          } catch (err) {
            log.push(`${(err as CancelledError).name} at ${loop.time()}, locked by us: ${cond.locked()}`);
            throw err;
          } finally {
            cond.release();
          }
        });
        expect(log).toEqual(["CancelledError at 30, locked by us: true"]);
        expect(scope.cancelledCaught).toBe(true);
    });
  });
});
