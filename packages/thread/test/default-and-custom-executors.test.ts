import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import {
  type Executor,
  type ExecutorRunOptions,
  getDefaultExecutor,
  runInExecutor,
  setDefaultExecutor,
  type ThreadJob,
  ThreadPool,
  toThread,
  transfer,
} from "../src/index.js";

/** An executor that records what it is given and runs source jobs inline. */
class RecordingExecutor implements Executor {
  readonly jobs: ThreadJob[] = [];
  readonly options: ExecutorRunOptions[] = [];
  closed = 0;

  run(job: ThreadJob, options: ExecutorRunOptions): Promise<unknown> {
    this.jobs.push(job);
    this.options.push(options);
    if (job.source === undefined) return Promise.reject(new Error("module jobs are not supported here"));
    const fn = new Function(`return (${job.source});`)() as (...args: unknown[]) => unknown;
    return Promise.resolve().then(() => fn(...job.args));
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

describe("executors", () => {
  it("runInExecutor(null, ...) uses the default pool; runInExecutor(pool, ...) the given one", async () => {
    const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
    try {
      const results = await run(async () => [
        await runInExecutor(null, (a: number, b: number) => a * b, 6, 7),
        await runInExecutor(pool, (s: string) => s.toUpperCase(), "tsio"),
      ]);
      expect(results).toEqual([42, "TSIO"]);
      expect(pool.closed).toBe(false); // a pool passed explicitly belongs to the caller
    } finally {
      await pool.close();
    }
  });

  it("accepts any object with the Executor interface and hands it the job, transfers and a signal", async () => {
    const recorder = new RecordingExecutor();
    const buffer = new ArrayBuffer(8);
    const result = await run(async () =>
      runInExecutor(recorder, (n: number, buf: ArrayBuffer) => n + buf.byteLength, 2, transfer(buffer)),
    );
    expect(result).toBe(10);
    expect(recorder.jobs).toHaveLength(1);
    expect(recorder.jobs[0]).toMatchObject({ name: "", args: [2, buffer] });
    expect(recorder.options[0]!.transferList).toEqual([buffer]);
    expect(recorder.options[0]!.signal.aborted).toBe(false);
  });

  it("setDefaultExecutor replaces the default, closes the automatic one, and run() closes the new one", async () => {
    const recorder = new RecordingExecutor();
    const outcome = await run(async () => {
      const automatic = getDefaultExecutor() as ThreadPool;
      setDefaultExecutor(recorder);
      expect(getDefaultExecutor()).toBe(recorder);
      return { automatic, value: await toThread((s: string) => s.length, "four") };
    });
    expect(outcome.value).toBe(4);
    expect(outcome.automatic.closed).toBe(true);
    expect(recorder.closed).toBe(1);
  });

  it("rejects what is not an executor", async () => {
    await run(async () => {
      expect(() => runInExecutor({} as Executor, () => 1)).toThrow(/must be an Executor/);
      expect(() => setDefaultExecutor(42 as unknown as Executor)).toThrow(TypeError);
      expect(() => toThread({ signal: "stop" as unknown as AbortSignal }, () => 1)).toThrow(/options.signal/);
    });
  });

  it("a custom executor's cancellation signal fires when the awaiting side cancels", async () => {
    let seen: ExecutorRunOptions | undefined;
    const hanging: Executor = {
      run(_job, options) {
        seen = options;
        return new Promise((_resolve, reject) => {
          options.signal.addEventListener("abort", () => reject(options.signal.reason), { once: true });
        });
      },
    };
    await run(async () => {
      const future = runInExecutor(hanging, () => 1);
      future.cancel();
    });
    expect(seen?.signal.aborted).toBe(true);
  });
});
