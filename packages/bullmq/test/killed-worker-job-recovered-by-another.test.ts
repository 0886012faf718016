import { run } from "@tsio/tasks";
import { threadModule } from "@tsio/thread";
import { afterEach, describe, expect, inject, it } from "vitest";
import { BullExecutor } from "../src/index.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const port = inject("redisPort");
// Short locks so BullMQ's stalled-job recovery takes about a second, not 30.
const FAST_RECOVERY = ["--lock-duration", "1000", "--stalled-interval", "500"];

describe.skipIf(port === 0)("a worker killed mid-job (kill -9)", () => {
  const workers: WorkerProcess[] = [];
  let executor: BullExecutor | undefined;
  afterEach(async () => {
    await executor?.close();
    await killAll(workers);
  });

  it("does not lose the job: stalled-job recovery runs it on another worker and the caller gets that result", async () => {
    const name = queueName("kill9");
    const first = await startWorker(port, name, FAST_RECOVERY);
    workers.push(first);
    executor = new BullExecutor({ queueName: name, connection: { host: "127.0.0.1", port } });
    const jobs = threadModule<Jobs>("jobs", { executor });
    const started = Date.now();
    const result = await run(async () => {
      const pending = jobs.slow(1500, "K");
      await first.waitForLine(/job K started/);
      // The second worker starts only now, so the first one surely took the job.
      workers.push(await startWorker(port, name, FAST_RECOVERY));
      first.child.kill("SIGKILL");
      return pending;
    });
    const second = workers[1] as WorkerProcess;
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(first.lines).not.toContain("job K finished");
    expect(result).toEqual({ tag: "K", pid: second.pid });
    await second.waitForLine(/job K finished/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
