import { Queue, QueueEvents } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { closeConnection } from "../src/close-connection.js";
import { haveRedisServer, type RedisProcess, startRedis } from "./helpers/redis-server.js";
import { queueName } from "./helpers/worker-process.js";

interface RawClient {
  readonly status: string;
  once(event: "reconnecting", listener: () => void): unknown;
}

function clientOf(part: Queue | QueueEvents): Promise<RawClient> {
  return (part.getBackend() as unknown as { client: Promise<RawClient> }).client;
}

async function reconnecting(part: Queue | QueueEvents): Promise<void> {
  const client = await clientOf(part);
  if (client.status === "reconnecting") return;
  await new Promise<void>((resolve) => client.once("reconnecting", () => resolve()));
}

describe.skipIf(!haveRedisServer())("closing a Queue or QueueEvents whose Redis is gone", () => {
  let redis: RedisProcess | undefined;
  afterEach(async () => {
    redis?.child.kill("SIGCONT");
    await redis?.stop();
  });

  async function connected(): Promise<{ queue: Queue; events: QueueEvents }> {
    redis = await startRedis();
    const name = queueName("close");
    const connection = { host: "127.0.0.1", port: redis.port };
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    // Errors are what the test provokes: BullMQ prints those nobody listens to.
    queue.on("error", () => {});
    events.on("error", () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return { queue, events };
  }

  it("returns at once while the client waits to reconnect (BullMQ's own close would wait forever for ioredis's end)", async () => {
    const { queue, events } = await connected();
    await redis?.stop();
    // Between two attempts: the state in which ioredis never emits `end`.
    await Promise.all([reconnecting(queue), reconnecting(events)]);
    const started = Date.now();
    await Promise.all([closeConnection(queue, 20_000), closeConnection(events, 20_000)]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("gives up after the bound when Redis is connected but stopped answering", async () => {
    const { queue, events } = await connected();
    redis?.child.kill("SIGSTOP");
    const started = Date.now();
    await Promise.all([closeConnection(queue, 300), closeConnection(events, 300)]);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);
  });

  it("closes gracefully when Redis is there", async () => {
    const { queue, events } = await connected();
    const started = Date.now();
    await Promise.all([closeConnection(queue, 20_000), closeConnection(events, 20_000)]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await clientOf(queue)).status).toBe("end");
    expect((await clientOf(events)).status).toBe("end");
  });
});
