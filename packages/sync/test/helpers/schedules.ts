import { CancelledError } from "@tsio/loop";
import { run, type Task } from "@tsio/tasks";
import { expect } from "vitest";
import { prng } from "./prng.js";

/** Schedules per run (TSIO_SCHEDULES), and the run's seed (TSIO_SEED, else a fresh one). */
const SCHEDULES = Number(process.env.TSIO_SCHEDULES ?? 2000);
const SEED = process.env.TSIO_SEED !== undefined ? Number(process.env.TSIO_SEED) : (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;

/**
 * Runs `schedule` once per seed drawn from the run's seed, each on a fresh loop, and fails on the
 * first schedule that reports a problem, naming the seed that reproduces it.
 */
export async function runSchedules(what: string, schedule: (seed: number) => Promise<string[]>): Promise<void> {
  console.log(`randomized ${what} schedules: seed=${SEED} (reproduce with TSIO_SEED=${SEED}), ${SCHEDULES} schedules`);
  const seeds = prng(SEED);
  for (let i = 0; i < SCHEDULES; i++) {
    const scheduleSeed = Math.floor(seeds() * 2 ** 32);
    const problems = await run(() => schedule(scheduleSeed), { handleSigint: false });
    expect(problems, `schedule ${i} (seed ${scheduleSeed}, run seed ${SEED})`).toEqual([]);
  }
}

/** Reports workers that never finished, and workers that failed with anything but a cancellation. */
export function unsettled(workers: readonly Task<unknown>[]): string[] {
  const problems: string[] = [];
  const stuck = workers.filter((task) => !task.done());
  if (stuck.length > 0) problems.push(`waits forever: ${stuck.map((task) => task.getName()).join(", ")}`);
  for (const task of workers) {
    if (task.done() && !task.cancelled()) {
      const error = task.exception();
      if (error !== undefined && !(error instanceof CancelledError)) problems.push(`task failed: ${String(error)}`);
    }
  }
  return problems;
}
