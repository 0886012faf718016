import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { spawnCli } from "./helpers/spawn-cli.js";

function haveRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveRedisServer() && !process.env.CI)("the distributed example, run as a program", () => {
  it("fans 200 jobs out to two workers and, on Ctrl-C half-way, cancels the rest on both workers", async () => {
    let interrupted = false;
    const result = await spawnCli(["example", "distributed"], {
      killAfterMs: 25_000,
      onLine: (line, child) => {
        if (!interrupted && /^tiles\s+100\/200/.test(line)) {
          interrupted = true;
          child.kill("SIGINT");
        }
      },
    });
    const lines = result.stdout.split("\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(130);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^rendering 200 tiles; press Ctrl-C to cancel the rest$/)]));
    const cancelledAt = lines.find((line) => line.startsWith("cancelled at "));
    expect(cancelledAt).toMatch(/^cancelled at (\d+)\/200: the caller's gather was cancelled/);
    expect(Number(/at (\d+)\//.exec(cancelledAt as string)?.[1])).toBeLessThan(200);
    const reports = lines.filter((line) => /^worker \d+: stopped on SIGTERM/.test(line));
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      const [, completed, failed, cancelled] = /(\d+) completed, (\d+) failed, (\d+) cancelled$/.exec(report) ?? [];
      expect(Number(completed)).toBeGreaterThan(0);
      expect(Number(failed)).toBe(0);
      expect(Number(cancelled), report).toBeGreaterThan(0);
    }
    expect(lines.some((line) => /^worker \d+: tile \d+ cancelled \(its finally ran\)$/.test(line))).toBe(true);
  });
});
