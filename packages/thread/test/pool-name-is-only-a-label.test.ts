import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runInExecutor, ThreadPool } from "../src/index.js";

describe("ThreadPool name", () => {
  it("labels the pool in diagnostics and does not change how jobs run", async () => {
    const pool = new ThreadPool({ name: "hashers", maxThreads: 1 });
    try {
      expect(pool.name).toBe("hashers");
      expect(pool.toString()).toMatch(/^<hashers /);
      const product = await run(() => runInExecutor(pool, (a: number, b: number) => a * b, 6, 7));
      expect(product).toBe(42);
    } finally {
      await pool.destroy();
    }
  });
});
