import { BullExecutor } from "@tsio/bullmq";
import { run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { Queue, QueueEvents } from "bullmq";
import { withBullSetup } from "../bull-setup.js";
import type { ImplTable } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

/** Round trips before the clock runs: connections, Lua scripts and JIT warm on both sides. */
const WARM = 50;

export const impls: ImplTable = {
  tsio: (n) =>
    withBullSetup("tsio", 1, 1, async (queueName, port) => {
      const executor = new BullExecutor({ queueName, connection: { host: "127.0.0.1", port } });
      const jobs = threadModule<typeof import("../workers/echo.js")>("echo", { executor });
      try {
        return await run(async () => {
          for (let i = 0; i < WARM; i++) await jobs.echo(i);
          const watch = Stopwatch.start();
          for (let i = 0; i < n; i++) await jobs.echo(i);
          return watch.stop(n);
        });
      } finally {
        await executor.close();
      }
    }),

  bullmq: (n) =>
    withBullSetup("raw", 1, 1, async (queueName, port) => {
      const connection = { host: "127.0.0.1", port };
      const queue = new Queue(queueName, { connection });
      // Read from the stream's start (the queue is new): with the default "$", a job that finishes
      // before the first XREAD is never reported and waitUntilFinished waits out its ttl.
      const events = new QueueEvents(queueName, { connection, lastEventId: "0-0" });
      try {
        await events.waitUntilReady();
        for (let i = 0; i < WARM; i++) await (await queue.add("echo", { v: i })).waitUntilFinished(events, 30_000);
        const watch = Stopwatch.start();
        for (let i = 0; i < n; i++) await (await queue.add("echo", { v: i })).waitUntilFinished(events, 30_000);
        return watch.stop(n);
      } finally {
        await Promise.all([queue.close(), events.close()]);
      }
    }),
};
