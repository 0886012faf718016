import { CancelledError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep, type Task } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("cancel() of a task in a task-to-task await cycle", () => {
  for (const size of [2, 3]) {
    it(`does not overflow the stack (cycle of ${size}) and cancels every task of the cycle`, async () => {
      const cleaned: string[] = [];
      await run(
        async () => {
          const ring: Task<unknown>[] = [];
          for (let i = 0; i < size; i++) {
            ring.push(
              createTask(
                async () => {
                  await sleep(1);
                  try {
                    await ring[(i + 1) % size];
                  } finally {
                    cleaned.push(`t${i}`);
                  }
                },
                { name: `t${i}` },
              ),
            );
          }
          await sleep(2);
          expect(ring[0]!.cancel("stop")).toBe(true);
          for (const t of ring) await expect(t).rejects.toBeInstanceOf(CancelledError);
          expect(ring.every((t) => t.cancelled())).toBe(true);
          // A second cancel of a finished cycle is a plain "already done".
          expect(ring[0]!.cancel()).toBe(false);
        },
        { clock: new VirtualClock(), handleSigint: false },
      );
      expect(cleaned.sort()).toEqual(Array.from({ length: size }, (_, i) => `t${i}`));
    });
  }
});
