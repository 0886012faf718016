import { describe, expect, it } from "vitest";
import { example as service } from "../src/examples/service.js";
import { capture, expectLines } from "./helpers/capture.js";
import { spawnCli } from "./helpers/spawn-cli.js";

const CLEAN_UP_TAIL = [
  "run() rejected with KeyboardInterrupt: exit code 130",
];

describe("service: Ctrl-C stops it cleanly", () => {
  it("on virtual time, with the interrupt it sends itself: every finally block runs, in order", async () => {
    const { lines, exitCode } = await capture(service, { virtual: true });
    expectLines(lines, [
      "service: running; Ctrl-C (SIGINT) will be sent after 3 rounds",
      "scheduler: queued job 1",
      "worker: finished job 1",
      "scheduler: queued job 2",
      "worker: finished job 2",
      "scheduler: queued job 3",
      "(sending SIGINT, as Ctrl-C would)",
      // The scheduler was running when the cancel arrived, so its next sleep is cancelled first;
      // the worker had just been woken with job 3 and meets its cancelled sleep one iteration later.
      "scheduler: stopped",
      "worker: job 3 interrupted, put back in the queue",
      "worker: stopped after 2 jobs",
      "service: state saved, 1 unfinished job kept for next time (650 ms)",
      ...CLEAN_UP_TAIL,
    ]);
    expect(exitCode).toBe(130);
  });

  it("as a process that gets a real SIGINT: prints its clean-up lines and exits with code 130", async () => {
    let rounds = 0;
    const result = await spawnCli(["example", "service"], {
      onLine: (line, child) => {
        // Let it do real work first, then press Ctrl-C.
        if (line.startsWith("worker: finished job") && ++rounds === 1) child.kill("SIGINT");
      },
    });
    const lines = result.stdout.trimEnd().split("\n");
    expect(result.stderr).toBe("");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(lines[0]).toBe("service: running; press Ctrl-C to stop");
    expect(lines).toContain("worker: finished job 1");
    expect(lines.some((l) => /^worker: stopped after [1-9]\d* jobs$/.test(l))).toBe(true);
    expect(lines).toContain("scheduler: stopped");
    expect(lines.at(-2)).toMatch(/^service: state saved, \d+ unfinished jobs? kept for next time \(\d+ ms\)$/);
    expect(lines.at(-1)).toBe(CLEAN_UP_TAIL[0]);
  });
});
