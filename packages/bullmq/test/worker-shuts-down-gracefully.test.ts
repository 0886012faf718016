import { createTask, run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { Queue } from "bullmq";
import { afterEach, describe, expect, inject, it } from "vitest";
import { BullExecutor, RemoteJobError } from "../src/index.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const port = inject("redisPort");
const connection = { host: "127.0.0.1", port };

describe.skipIf(port === 0)("tsio-worker on SIGTERM/SIGINT", () => {
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
    return { name, queue, jobs: threadModule<Jobs>("jobs", { executor }) };
  }

  it("by default lets the running job finish, takes no new one, exits 143 and leaves nothing locked", async () => {
    const { name, queue, jobs } = setup("shutdown-finish");
    const worker = await startWorker(port, name);
    workers.push(worker);
    const { result, late } = await run(async () => {
      const running = createTask(() => jobs.slow(800, "F"));
      await worker.waitForLine(/job F started/);
      worker.child.kill("SIGTERM");
      const result = await running;
      // Sent after the signal: no worker takes it, so it waits on the queue.
      const late = createTask(() => jobs.echo("late"));
      const exit = await worker.exited;
      late.cancel();
      return { result, late: exit };
    });
    expect(result).toEqual({ tag: "F", pid: worker.pid });
    expect(late.code).toBe(143);
    expect(worker.lines).toContain("job F finished");
    expect(worker.lines.at(-1)).toMatch(/stopped on SIGTERM: 1 completed, 0 failed, 0 cancelled$/);
    expect(await queue.getActiveCount()).toBe(0);
  });

  it("with --shutdown cancel cancels the running job (its finally runs) and the caller hears why", async () => {
    const { name, queue, jobs } = setup("shutdown-cancel");
    const worker = await startWorker(port, name, ["--shutdown", "cancel"]);
    workers.push(worker);
    const err = await run(async () => {
      const running = createTask(() => jobs.slow(20_000, "C"));
      await worker.waitForLine(/job C started/);
      worker.child.kill("SIGINT");
      return running.then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(err).toBeInstanceOf(RemoteJobError);
    expect((err as RemoteJobError).remoteName).toBe("CancelledError");
    expect((err as Error).message).toMatch(/was cancelled: the worker is shutting down/);
    const exit = await worker.exited;
    expect(exit.code).toBe(130);
    expect(worker.lines).toEqual(expect.arrayContaining(["job C signal aborted", "job C finally ran"]));
    expect(worker.lines.at(-1)).toMatch(/stopped on SIGINT: 0 completed, 0 failed, 1 cancelled$/);
    expect(await queue.getActiveCount()).toBe(0);
  });
});
