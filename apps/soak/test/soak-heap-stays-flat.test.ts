import type { Task } from "tsio";
import { describe, expect, it } from "vitest";
import { soak } from "../src/soak.js";

/**
 * The CI-sized soak: 5 waves of 20,000 tasks on the real loop (about a second). It fails when the
 * post-GC heap grows wave over wave beyond noise (see heap-trend.ts): with a 0.5 MB margin it
 * catches a leak of a few hundred bytes per failed task, the kind this soak found in the tasks
 * registry, while run-to-run noise stays near 0.15 MB. The second test proves the check can fail,
 * by retaining every task as a registry that never forgets would.
 */
const CI = { waves: 5, tasksPerWave: 20_000, trend: { absMarginBytes: 512 * 1024, relMargin: 0.05 } };

describe("soak (5 waves x 20k tasks)", () => {
  it("churns the tasks with a flat post-GC heap", async () => {
    const result = await soak(CI);
    expect(result.tasks).toBeGreaterThanOrEqual(100_000);
    for (const wave of result.waves) {
      expect(wave.timeouts).toBeGreaterThan(0);
      expect(wave.failedGathers).toBeGreaterThan(0);
      expect(wave.items).toBeGreaterThan(0);
    }
    expect(result.trend.growing, result.trend.summary).toBe(false);
  });

  it("catches a leak of every task", async () => {
    const retain: Task<unknown>[] = [];
    const result = await soak({ ...CI, retain });
    expect(retain.length).toBe(result.tasks);
    expect(result.trend.growing, result.trend.summary).toBe(true);
  });
});
