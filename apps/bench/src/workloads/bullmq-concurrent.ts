import { BullExecutor } from "@tsio/bullmq";
import { gather, run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { Queue, QueueEvents } from "bullmq";
import { withBullSetup } from "../bull-setup.js";
import type { ImplTable } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

/** Two worker processes, each taking this many jobs at once. */
const WORKERS = 2;
const CONCURRENCY = 100;

export const impls: ImplTable = {
  tsio: (n) =>
    withBullSetup("tsio", WORKERS, CONCURRENCY, async (queueName, port) => {
      const executor = new BullExecutor({ queueName, connection: { host: "127.0.0.1", port } });
      const jobs = threadModule<typeof import("../workers/echo.js")>("echo", { executor });
      try {
        return await run(async () => {
          await gather(Array.from({ length: 50 }, (_, i) => () => jobs.echo(i)));
          const watch = Stopwatch.start();
          await gather(Array.from({ length: n }, (_, i) => () => jobs.echo(i)));
          return watch.stop(n);
        });
      } finally {
        await executor.close();
      }
    }),

  bullmq: (n) =>
    withBullSetup("raw", WORKERS, CONCURRENCY, async (queueName, port) => {
      const connection = { host: "127.0.0.1", port };
      const queue = new Queue(queueName, { connection });
      // Read from the stream's start (the queue is new): with the default "$", a job that finishes
      // before the first XREAD is never reported and waitUntilFinished waits out its ttl.
      const events = new QueueEvents(queueName, { connection, lastEventId: "0-0" });
      events.setMaxListeners(0);
      const roundTrip = async (i: number) => (await queue.add("echo", { v: i })).waitUntilFinished(events, 30_000);
      try {
        await events.waitUntilReady();
        await Promise.all(Array.from({ length: 50 }, (_, i) => roundTrip(i)));
        const watch = Stopwatch.start();
        await Promise.all(Array.from({ length: n }, (_, i) => roundTrip(i)));
        return watch.stop(n);
      } finally {
        await Promise.all([queue.close(), events.close()]);
      }
    }),
};
