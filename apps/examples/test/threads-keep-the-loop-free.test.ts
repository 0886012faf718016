import { describe, expect, it } from "vitest";
import { example as cpuOffload } from "../src/examples/cpu-offload.js";
import { example as toThread } from "../src/examples/to-thread.js";
import { capture, expectLines } from "./helpers/capture.js";

// Real time: a worker thread really blocks or computes, and virtual time stands still meanwhile.
describe("work on worker threads leaves the loop free", () => {
  it("to-thread: the guide's two lines, with the ticker ticking during the 2 s query", async () => {
    const { lines } = await capture(toThread, { virtual: false });
    const ticks = lines.slice(1, -1);
    expectLines(lines, ["Starting async work...", ...ticks.map(() => / {2}tick \d: the loop is free at \d+ ms/), "Got: query results"]);
    // 450 ms apart over a 2000 ms query: four ticks, five if the worker was slow to start.
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(5);
  });

  it("cpu-offload: on the loop the ticker stops; on threads it ticks and the hashes are the same", async () => {
    const { lines } = await capture(cpuOffload, { virtual: false });
    expectLines(lines, [
      "hashing 8 passwords (pbkdf2-sha256, 300000 iterations each)",
      /on the loop: 8 hashes in \d+ ms; ticker ticked 0 times meanwhile/,
      /on \d+ threads: 8 hashes in \d+ ms; ticker ticked [1-9]\d* times meanwhile/,
      /speed-up: \d+\.\dx; same hashes both ways: yes/,
    ]);
  });
});
