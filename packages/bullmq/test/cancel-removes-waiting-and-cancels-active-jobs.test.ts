import { CancelledError } from "@tsio/loop";
import { createTask, run, sleep, TimeoutError, waitFor } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { Queue } from "bullmq";
import { afterEach, describe, expect, inject, it } from "vitest";
import { BullExecutor, JobRemovedError } from "../src/index.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const port = inject("redisPort");
const connection = { host: "127.0.0.1", port };

/** Polls `check` every 20 ms until it is true (5 s at most). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(port === 0)("cancelling the awaiting task cancels the job on the queue", () => {
  const workers: WorkerProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    await killAll(workers);
  });

  function setup(label: string) {
    const name = queueName(label);
    const executor = new BullExecutor({ queueName: name, connection });
    const queue = new Queue(name, { connection });
    closers.push(() => executor.close(), () => queue.close());
    return { name, executor, queue, jobs: threadModule<Jobs>("jobs", { executor }) };
  }

  it("a waiting job is removed from the queue and the caller gets CancelledError once", async () => {
    // No worker on this queue: the job waits.
    const { executor, queue, jobs } = setup("cancel-waiting");
    const outcome = await run(async () => {
      const task = createTask(() => jobs.slow(10, "W"));
      await until(async () => (await queue.getWaitingCount()) === 1, "the job to be waiting");
      task.cancel("enough");
      const err = await task.then(
        () => undefined,
        (e: unknown) => e,
      );
      return { err, cancelled: task.cancelled() };
    });
    expect(outcome.err).toBeInstanceOf(CancelledError);
    expect(outcome.cancelled).toBe(true);
    await until(async () => (await queue.getJobCounts("waiting", "active", "failed", "completed")).waiting === 0, "the job to go");
    expect(await queue.getJobCounts("waiting", "active", "failed", "completed")).toEqual({ waiting: 0, active: 0, failed: 0, completed: 0 });
    expect(executor.pendingCount).toBe(0);
  });

  it("an active job is cancelled on its worker: its signal aborts, its finally runs, nothing stays locked", async () => {
    const { name, executor, queue, jobs } = setup("cancel-active");
    const worker = await startWorker(port, name);
    workers.push(worker);
    let rejections = 0;
    const err = await run(async () => {
      const task = createTask(() => jobs.slow(20_000, "A"));
      await worker.waitForLine(/job A started/);
      task.cancel();
      return task.then(
        () => undefined,
        (e: unknown) => {
          rejections++;
          return e;
        },
      );
    });
    expect(err).toBeInstanceOf(CancelledError);
    expect(rejections).toBe(1);
    await worker.waitForLine(/job A signal aborted/);
    await worker.waitForLine(/job A finally ran/);
    await until(async () => (await queue.getFailedCount()) === 1, "the job to fail as cancelled");
    const [failed] = await queue.getFailed();
    expect(failed?.failedReason).toMatch(/was cancelled/);
    expect(failed?.attemptsMade).toBe(1);
    expect(await queue.getActiveCount()).toBe(0);
    expect(worker.lines).not.toContain("job A finished");
    expect(executor.pendingCount).toBe(0);
    // The worker goes on serving.
    expect(await run(() => jobs.echo("after"))).toBe("after");
  });

  it("waitFor's timeout cancels the job the same way", async () => {
    const { name, jobs } = setup("cancel-timeout");
    const worker = await startWorker(port, name);
    workers.push(worker);
    const err = await run(() => waitFor(jobs.slow(20_000, "T"), 1000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    await worker.waitForLine(/job T finally ran/);
  });

  it("a job removed from the queue by someone else fails its caller with JobRemovedError, not a hang", async () => {
    const { executor, queue, jobs } = setup("removed");
    const err = await run(async () => {
      const task = createTask(() => jobs.slow(10, "R"));
      await until(async () => (await queue.getWaitingCount()) === 1, "the job to be waiting");
      const [waiting] = await queue.getWaiting();
      await queue.remove(waiting?.id as string);
      await sleep(0);
      return task.then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(err).toBeInstanceOf(JobRemovedError);
    expect((err as Error).message).toMatch(/jobs\.slow\(\) \(job .*\) was removed from the queue by someone else/);
    expect(executor.pendingCount).toBe(0);
  });
});
