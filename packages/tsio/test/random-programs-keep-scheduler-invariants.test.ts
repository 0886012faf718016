import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installInstrumentation } from "./helpers/instrumentation.js";
import { type ProgramShape, programArbitrary } from "./helpers/program.js";
import { type ProgramStats, runProgram } from "./helpers/run-program.js";

/**
 * Random programs of tasks that sleep, spawn, gather, wait, time out, cancel each other, shield,
 * and share a lock, a semaphore and a bounded queue, each run on virtual time as run() would.
 * After every program, every invariant is checked (see run-program.ts): each task ended exactly
 * once in a state its body explains, every finally ran, every queue item came out once or is still
 * queued, no lock or permit is held, run() left no task, timer, external work or executor job,
 * no rejection went unhandled and no failure went unreported. A failure prints fast-check's seed
 * and path and the shrunk program; replay it with
 * `TSIO_FC_SEED=<seed> TSIO_FC_PATH=<path> npx vitest run random-programs`.
 * TSIO_FC_RUNS changes how many programs each property runs (default 2000).
 */

const RUNS = Number(process.env.TSIO_FC_RUNS ?? 2000);
const replay = {
  ...(process.env.TSIO_FC_SEED !== undefined && { seed: Number(process.env.TSIO_FC_SEED) }),
  ...(process.env.TSIO_FC_PATH !== undefined && { path: process.env.TSIO_FC_PATH, endOnFailure: true }),
};

let uninstall: () => void;
beforeAll(() => {
  uninstall = installInstrumentation();
});
afterAll(() => uninstall());

async function checkPrograms(shape: Partial<ProgramShape>): Promise<ProgramStats> {
  const stats: ProgramStats = { programs: 0, tasks: 0, deadlocksBroken: 0, ms: 0 };
  const start = performance.now();
  await fc.assert(
    fc.asyncProperty(programArbitrary(shape), async (program) => {
      const violations = await runProgram(program, stats);
      if (violations.length > 0) throw new Error(violations.join("\n"));
    }),
    { numRuns: RUNS, ...replay },
  );
  stats.ms = performance.now() - start;
  console.log(
    `${stats.programs} programs, ${stats.tasks} tasks, ${stats.deadlocksBroken} deadlocks of cancellation-swallowing programs broken, ${stats.ms.toFixed(0)} ms`,
  );
  return stats;
}

describe("random programs on virtual time keep the scheduler's invariants", () => {
  it("with every operation mixed", async () => {
    const stats = await checkPrograms({});
    expect(stats.programs).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  it("with locks, semaphores and the queue contended", async () => {
    const stats = await checkPrograms({
      weights: { lock: 5, sem: 5, put: 6, putNowait: 2, get: 6, getNowait: 2, wait: 1, shield: 1, offload: 0 },
    });
    expect(stats.programs).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  it("with larger, deeper programs", async () => {
    const stats = await checkPrograms({ depth: 4, maxOps: 6, maxChildren: 4, size: "medium" });
    expect(stats.programs).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  it("with cancellation everywhere: cancel, timeouts, waitFor, shields and groups", async () => {
    const stats = await checkPrograms({
      weights: { cancel: 6, cancelSelf: 2, timeout: 5, waitFor: 5, shield: 4, group: 4, sleep: 8, throw: 3 },
    });
    expect(stats.programs).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  it("with cancellation injected while gather and TaskGroup children clean up with awaits", async () => {
    // Children's finally blocks sleep; cancels land later at random (once, or twice to cut the
    // clean-up short), mostly while a gather or a group is waiting for them.
    const stats = await checkPrograms({
      cleanups: true,
      weights: { cancelLater: 6, gather: 6, group: 6, sleep: 5, spawn: 2, await: 2, cancel: 2, throw: 2, offload: 0, put: 1, get: 1 },
    });
    expect(stats.programs).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);
});
