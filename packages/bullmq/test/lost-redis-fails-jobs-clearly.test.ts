import { CancelledError, createTask, run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { afterEach, describe, expect, it } from "vitest";
import { BullExecutor, RedisConnectionError } from "../src/index.js";
import { haveRedisServer, type RedisProcess, startRedis } from "./helpers/redis-server.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");

describe.skipIf(!haveRedisServer())("Redis stopped mid-run", () => {
  const workers: WorkerProcess[] = [];
  let redis: RedisProcess | undefined;
  let other: RedisProcess | undefined;
  afterEach(async () => {
    await killAll(workers);
    await redis?.stop();
    await other?.stop();
  });

  it("fails the job in flight and the next call with RedisConnectionError, not a hang", async () => {
    // A redis-server of its own: stopping the shared one would break the other tests.
    redis = await startRedis();
    const name = queueName("lost");
    const worker = await startWorker(redis.port, name);
    workers.push(worker);
    const executor = new BullExecutor({ queueName: name, connection: { host: "127.0.0.1", port: redis.port }, connectionLostTimeout: 1000 });
    const jobs = threadModule<Jobs>("jobs", { executor });
    const outcome = await run(async () => {
      const task = createTask(() => jobs.slow(20_000, "L"));
      await worker.waitForLine(/job L started/);
      const stoppedAt = Date.now();
      await redis?.stop();
      const err = await task.then(
        () => undefined,
        (e: unknown) => e,
      );
      const waited = Date.now() - stoppedAt;
      const next = await Promise.resolve(jobs.echo(1)).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { err, waited, next };
    });
    expect(outcome.err).toBeInstanceOf(RedisConnectionError);
    expect((outcome.err as Error).message).toMatch(/connection to Redis \(127\.0\.0\.1:\d+\) was lost and has not come back within 1000 ms\. Is redis-server running/);
    expect(outcome.waited).toBeGreaterThanOrEqual(900);
    expect(outcome.waited).toBeLessThan(5000);
    expect(outcome.next).toBeInstanceOf(RedisConnectionError);
    expect((outcome.next as Error).message).toMatch(/^jobs\.echo\(\) was not sent: the connection to Redis/);
    // With the connections between two reconnection attempts, BullMQ's own close never returns.
    const closeStarted = Date.now();
    await executor.close();
    expect(Date.now() - closeStarted).toBeLessThan(1000);
    expect(executor.pendingCount).toBe(0);
  });

  it("fails the job in flight when the connection comes back to a Redis that does not have it (restarted in memory, or another server)", async () => {
    redis = await startRedis();
    const port = redis.port;
    const name = queueName("gone");
    const worker = await startWorker(port, name);
    workers.push(worker);
    // A long timeout: the outage itself is short, and it is the comeback that must tell.
    const executor = new BullExecutor({ queueName: name, connection: { host: "127.0.0.1", port }, connectionLostTimeout: 20_000 });
    const jobs = threadModule<Jobs>("jobs", { executor });
    const outcome = await run(async () => {
      const task = createTask(() => jobs.slow(20_000, "G"));
      await worker.waitForLine(/job G started/);
      await redis?.stop();
      other = await startRedis(port);
      const comeback = Date.now();
      const err = await task.then(
        () => undefined,
        (e: unknown) => e,
      );
      const waited = Date.now() - comeback;
      // The first worker is still busy with the lost job; a fresh one serves the next.
      workers.push(await startWorker(port, name));
      return { err, waited, next: await jobs.echo(7) };
    });
    expect(outcome.err).toBeInstanceOf(RedisConnectionError);
    expect((outcome.err as Error).message).toMatch(/^jobs\.slow\(\) \(job [\w-]+\) was lost: the connection to Redis \(127\.0\.0\.1:\d+\) came back to a restarted or different server, which does not have the job/);
    expect(outcome.waited).toBeLessThan(10_000);
    // The new server serves new jobs.
    expect(outcome.next).toBe(7);
    await executor.close();
    expect(executor.pendingCount).toBe(0);
  });

  it("close() does not wait longer than connectionLostTimeout for a cancellation Redis cannot hear", async () => {
    redis = await startRedis();
    const name = queueName("lost-cancel");
    const worker = await startWorker(redis.port, name);
    workers.push(worker);
    const executor = new BullExecutor({ queueName: name, connection: { host: "127.0.0.1", port: redis.port }, connectionLostTimeout: 1000 });
    const jobs = threadModule<Jobs>("jobs", { executor });
    const err = await run(async () => {
      const task = createTask(() => jobs.slow(20_000, "C"));
      await worker.waitForLine(/job C started/);
      await redis?.stop();
      task.cancel();
      return task.then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(err).toBeInstanceOf(CancelledError);
    const closeStarted = Date.now();
    await executor.close();
    const waited = Date.now() - closeStarted;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(3000);
  });
});
