import { run } from "@tsio/tasks";
import { threadModule, toThread } from "@tsio/thread";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BullExecutor, JsonPayloadError, NamedJobsOnlyError, RemoteJobError } from "../src/index.js";
import { killAll, queueName, startWorker, type WorkerProcess } from "./helpers/worker-process.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const port = inject("redisPort");

describe.skipIf(port === 0)("named module jobs through BullMQ, to a tsio-worker process and back", () => {
  const queue = queueName("roundtrip");
  const workers: WorkerProcess[] = [];
  let executor: BullExecutor;

  beforeAll(async () => {
    workers.push(await startWorker(port, queue, ["--concurrency", "4"]));
    executor = new BullExecutor({ queueName: queue, connection: { host: "127.0.0.1", port } });
  });
  afterAll(async () => {
    await executor.close();
    await killAll(workers);
  });

  it("returns the job's JSON result to the awaiting task", async () => {
    const jobs = threadModule<Jobs>("jobs", { executor });
    const result = await run(async () => [await jobs.echo({ a: [1, "two", null, true] }), await jobs.whoami("x")]);
    expect(result[0]).toEqual({ a: [1, "two", null, true] });
    expect(result[1]).toEqual({ tag: "x", pid: workers[0]?.pid });
  });

  it("a job that throws reaches the caller with the remote name, message and stack", async () => {
    const jobs = threadModule<Jobs>("jobs", { executor });
    const err = await run(() => jobs.fail("width must be positive")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteJobError);
    const remote = err as RemoteJobError;
    expect(remote.remoteName).toBe("ValidationError");
    expect(remote.message).toBe("width must be positive");
    expect(remote.remoteStack).toMatch(/^ValidationError: width must be positive\n\s+at fail \(.*jobs\.mjs/);
    expect(remote.stack).toContain("at fail (");
  });

  it("a source-text job is refused at the call: no code travels through the queue", async () => {
    const err = await run(() => toThread({ executor }, (n: number) => n * 2, 21)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NamedJobsOnlyError);
    expect((err as Error).message).toMatch(/only named module jobs.*threadModule\("images", \{ executor \}\)/s);
    expect(executor.pendingCount).toBe(0);
  });

  it("what JSON cannot carry is refused at the call, with the path to it", async () => {
    const jobs = threadModule<Record<string, (...args: unknown[]) => Promise<unknown>>>("jobs", { executor });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, RegExp][] = [
      [() => 1, /args\[0\]: a function/],
      [10n, /args\[0\]: a bigint/],
      [cycle, /args\[0\]\.self: a cycle/],
      [[1, undefined], /args\[0\]\[1\]: undefined/],
      [new Map(), /args\[0\]: .*Map/],
      [new Date(0), /args\[0\]: .*Date/],
      [Number.NaN, /args\[0\]: NaN/],
    ];
    for (const [value, message] of cases) {
      const err = await run(async () => jobs.echo?.(value)).catch((e: unknown) => e);
      expect(err, String(message)).toBeInstanceOf(JsonPayloadError);
      expect((err as Error).message).toMatch(message);
    }
    expect(executor.pendingCount).toBe(0);
  });

  it("a result JSON cannot carry, an unknown module or export fail the job with a clear remote error", async () => {
    const jobs = threadModule<Jobs & { nothing(): void }>("jobs", { executor });
    const other = threadModule<{ x(): void }>("nope", { executor });
    const errors = await run(async () =>
      Promise.all([jobs.badResult(), jobs.nothing(), other.x()].map((p) => Promise.resolve(p).then(() => undefined, (e: unknown) => e as RemoteJobError))),
    );
    expect(errors.map((e) => [e?.remoteName, e?.message])).toEqual([
      ["JsonPayloadError", expect.stringMatching(/^result: an instance of Map cannot travel as JSON/)],
      ["TypeError", expect.stringMatching(/Module "jobs" .* has no exported function "nothing"/)],
      ["TypeError", expect.stringMatching(/No module "nope" is registered on this worker \(it serves: jobs\)/)],
    ]);
  });
});
