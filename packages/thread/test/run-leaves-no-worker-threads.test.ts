import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { getDefaultExecutor, ThreadPool, toThread } from "../src/index.js";

describe("run() and the default thread pool", () => {
  it("creates the default pool lazily for the running loop and closes it when run() returns", async () => {
    const seen = await run(async () => {
      const pool = getDefaultExecutor();
      expect(getDefaultExecutor()).toBe(pool);
      const value = await toThread(() => 6 * 7);
      return { pool: pool as ThreadPool, value, threadsDuring: (pool as ThreadPool).threadCount };
    });
    expect(seen.value).toBe(42);
    expect(seen.pool).toBeInstanceOf(ThreadPool);
    expect(seen.threadsDuring).toBeGreaterThan(0);
    expect(seen.pool.closed).toBe(true);
    expect(seen.pool.threadCount).toBe(0);
  });

  it("gives each loop its own default pool", async () => {
    const first = await run(async () => getDefaultExecutor());
    const second = await run(async () => getDefaultExecutor());
    expect(second).not.toBe(first);
  });

  it("a program that used toThread exits promptly after run(), also as a CommonJS caller", () => {
    const script = fileURLToPath(new URL("./fixtures/cjs-caller.cjs", import.meta.url));
    const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 10_000 });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const outcome = JSON.parse(child.stdout) as { result: string; ticks: number; lingeredMs: number };
    expect(outcome.result).toBe("query results");
    expect(outcome.ticks).toBeGreaterThanOrEqual(3);
    // Nothing (no worker thread, no timer) kept the process alive once run() had resolved.
    expect(outcome.lingeredMs).toBeLessThan(100);
  });
});
