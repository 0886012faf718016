import { BullExecutor } from "@tsio/bullmq";
import { gather, KeyboardInterrupt, threadModule } from "tsio";
import { HOW_TO_GET_REDIS, haveRedisServer, startLocalRedis } from "../distributed/local-redis.js";
import { startWorker, type WorkerProcess } from "../distributed/worker-processes.js";
import type { Example, ExampleContext } from "../example.js";
import { ProgressLine } from "../progress-line.js";

export const example: Example = {
  name: "distributed",
  title: "Jobs on worker processes through BullMQ and Redis",
  shows:
    "a caller fans out 200 jobs to two tsio-worker processes through BullExecutor, with a progress line; Ctrl-C half-way cancels the rest: waiting jobs leave the queue, running ones are cancelled on their workers, and each worker reports what it cancelled",
  kind: "program",
  realTimeOnly: "it runs real processes and a real redis-server",
  main,
};

const JOBS = 200;

async function main({ print, run, interactive, terminal, setExitCode }: ExampleContext): Promise<void> {
  if (!haveRedisServer()) {
    print(HOW_TO_GET_REDIS);
    return;
  }
  const redis = await startLocalRedis();
  const queueName = `tiles-${process.pid}`;
  const workers: WorkerProcess[] = [];
  const executor = new BullExecutor({ queueName, connection: { host: "127.0.0.1", port: redis.port } });
  try {
    print(`redis-server on 127.0.0.1:${redis.port}; starting two workers`);
    const workerLine = (line: string) => print(line.replace(/^tsio-worker (\d+):/, "worker $1:"));
    workers.push(...(await Promise.all([startWorker(redis.port, queueName, workerLine), startWorker(redis.port, queueName, workerLine)])));
    const tiles = threadModule<typeof import("../distributed/tiles.js")>("tiles", { executor });
    print(interactive ? `rendering ${JOBS} tiles; press Ctrl-C to cancel the rest` : `rendering ${JOBS} tiles; Ctrl-C (SIGINT) will be sent half-way`);
    const progress = new ProgressLine(terminal, print, JOBS, "tiles");
    const started = performance.now();
    let done = 0;
    const byWorker = new Map<number, number>();
    try {
      await run(async () => {
        await gather(
          Array.from({ length: JOBS }, (_, tile) => async () => {
            const result = await tiles.render(tile);
            done++;
            byWorker.set(result.pid, (byWorker.get(result.pid) ?? 0) + 1);
            progress.update(done, performance.now() - started);
            if (!interactive && done === JOBS / 2) {
              print("(sending SIGINT, as Ctrl-C would)");
              process.emit("SIGINT", "SIGINT");
            }
            return result;
          }),
        );
      });
      progress.finish();
      print(`all ${JOBS} tiles rendered: ${[...byWorker].map(([pid, n]) => `${n} on worker ${pid}`).join(", ")}`);
    } catch (err) {
      progress.finish();
      if (!(err instanceof KeyboardInterrupt)) throw err;
      print(`cancelled at ${done}/${JOBS}: the caller's gather was cancelled, so every job not done was cancelled on the queue`);
      setExitCode(130);
    }
  } finally {
    await executor.close();
    // SIGTERM: each worker finishes what it runs (nothing is left after a cancel) and prints its counts.
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis.stop();
  }
}
