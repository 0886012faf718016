import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadError, ThreadPool, threadModule, toThread, WorkerCrashError } from "../src/index.js";

const pool = new ThreadPool({
  minThreads: 1,
  maxThreads: 2,
  resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 },
});
afterAll(() => pool.close());

const fixtures = new URL("./fixtures/", import.meta.url);
const work = threadModule<typeof import("./fixtures/work.js")>(new URL("work.js", fixtures), { executor: pool });
const broken = threadModule<typeof import("./fixtures/throws-at-load.js")>(new URL("throws-at-load.js", fixtures), {
  executor: pool,
});

/** Runs `crash` next to a healthy job, then one more job: only the crashing one may fail. */
async function crashBesideHealthyJobs(crash: () => PromiseLike<unknown>) {
  return run(async () => {
    const healthy = work.block(60);
    const err = await Promise.resolve(crash()).catch((e: unknown) => e);
    return { err, healthy: await healthy, after: await work.fib(12) };
  });
}

describe("a worker that crashes", () => {
  it("at module load fails its job with a ThreadError; the pool goes on", async () => {
    const outcome = await crashBesideHealthyJobs(() => broken.query());
    expect(outcome.err).toBeInstanceOf(ThreadError);
    expect((outcome.err as Error).message).toContain("the database driver is not configured");
    expect(((outcome.err as Error).cause as Error).message).toBe("the database driver is not configured");
    expect(outcome).toMatchObject({ healthy: 60, after: 144 });
  });

  it("by calling process.exit fails its job with WorkerCrashError(exit)", async () => {
    const outcome = await crashBesideHealthyJobs(() => work.exitNow(7));
    expect(outcome.err).toBeInstanceOf(WorkerCrashError);
    expect(outcome.err).toMatchObject({ reason: "exit", exitCode: 7 });
    expect((outcome.err as Error).message).toMatch(/exited with code 7 .*pool replaced the worker/);
    expect(outcome).toMatchObject({ healthy: 60, after: 144 });
  });

  it("by running out of memory under resourceLimits fails its job with WorkerCrashError(out-of-memory)", async () => {
    const outcome = await crashBesideHealthyJobs(() => work.exhaustMemory());
    expect(outcome.err).toBeInstanceOf(WorkerCrashError);
    expect(outcome.err).toMatchObject({ reason: "out-of-memory" });
    expect((outcome.err as Error).message).toMatch(/ran out of memory under the pool's resourceLimits/);
    expect(outcome).toMatchObject({ healthy: 60, after: 144 });
  });

  it("with an uncaught error from a leftover timer fails its job with WorkerCrashError(error)", async () => {
    const outcome = await crashBesideHealthyJobs(() =>
      toThread({ executor: pool }, () => {
        setTimeout(() => {
          throw new Error("timer blew up");
        }, 0);
        return new Promise((resolve) => setTimeout(resolve, 50));
      }),
    );
    expect(outcome.err).toBeInstanceOf(WorkerCrashError);
    expect(outcome.err).toMatchObject({ reason: "error" });
    expect((outcome.err as Error).message).toContain("timer blew up");
    expect(outcome).toMatchObject({ healthy: 60, after: 144 });
  });

  it("returning something that cannot be copied back fails only that job", async () => {
    const outcome = await crashBesideHealthyJobs(() => toThread({ executor: pool }, () => () => "a function"));
    expect(outcome.err).toBeInstanceOf(ThreadError);
    expect((outcome.err as Error).message).toMatch(/returned a function, which cannot be copied back/);
    const nested = await crashBesideHealthyJobs(() => toThread({ executor: pool }, () => ({ callback: () => 1 })));
    expect(nested.err).toBeInstanceOf(WorkerCrashError);
    expect((nested.err as Error).message).toMatch(/cannot be copied back/);
    expect(nested).toMatchObject({ healthy: 60, after: 144 });
  });
});
