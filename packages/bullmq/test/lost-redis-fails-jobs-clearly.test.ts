import { createTask, run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { afterEach, describe, expect, it } from "vitest";
import { BullExecutor, RedisConnectionError } from "../src/index.js";
import { haveRedisServer, type RedisProcess, startRedis } from "./helpers/redis-server.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");

describe.skipIf(!haveRedisServer())("Redis stopped mid-run", () => {
  const workers: WorkerProcess[] = [];
  let redis: RedisProcess | undefined;
  afterEach(async () => {
    await killAll(workers);
    await redis?.stop();
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
});
