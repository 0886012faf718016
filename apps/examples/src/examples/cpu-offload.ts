import { availableParallelism } from "node:os";
import { createTask, gather, sleep, ThreadPool, toThread } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "cpu-offload",
  title: "CPU-heavy work on worker threads",
  shows:
    "a batch of password hashes: on the loop they freeze it (the ticker stops), with toThread() they run in parallel, faster, while the ticker keeps ticking",
  kind: "program",
  realTimeOnly: "it measures real CPU work; virtual time stands still during it",
  main,
};

const ITERATIONS = 300_000;
const PASSWORDS = ["hunter2", "correct horse", "battery staple", "letmein", "tr0ub4dor", "swordfish", "opensesame", "qwerty"];

/**
 * Key stretching: deliberately slow, pure CPU. toThread sends it to a worker by its source text,
 * so it is self-contained and reaches node:crypto through `process.getBuiltinModule`.
 */
function hashPassword(password: string, iterations: number): string {
  const { pbkdf2Sync } = process.getBuiltinModule("node:crypto");
  return pbkdf2Sync(password, "tsio-example-salt", iterations, 32, "sha256").toString("hex");
}

async function main({ print, run }: ExampleContext): Promise<void> {
  const threads = Math.max(2, availableParallelism());
  await run(async () => {
    let ticks = 0;
    const ticker = createTask(async () => {
      for (;;) {
        await sleep(50);
        ticks++;
      }
    });
    print(`hashing ${PASSWORDS.length} passwords (pbkdf2-sha256, ${ITERATIONS} iterations each)`);

    // On the loop: one long synchronous stretch, nothing else runs.
    let ticksBefore = ticks;
    let started = performance.now();
    const onLoop = PASSWORDS.map((pw) => hashPassword(pw, ITERATIONS));
    const loopMs = performance.now() - started;
    print(`on the loop: ${PASSWORDS.length} hashes in ${Math.round(loopMs)} ms; ticker ticked ${ticks - ticksBefore} times meanwhile`);

    // On a pool sized to the machine, started before the clock runs so thread start-up is not counted.
    const pool = new ThreadPool({ minThreads: threads, maxThreads: threads });
    try {
      await gather(Array.from({ length: threads }, () => () => toThread({ executor: pool }, hashPassword, "warm-up", 1)));
      ticksBefore = ticks;
      started = performance.now();
      const onThreads = await gather(PASSWORDS.map((pw) => () => toThread({ executor: pool }, hashPassword, pw, ITERATIONS)));
      const threadMs = performance.now() - started;
      print(
        `on ${threads} threads: ${PASSWORDS.length} hashes in ${Math.round(threadMs)} ms; ticker ticked ${ticks - ticksBefore} times meanwhile`,
      );
      const same = onThreads.every((hash, i) => hash === onLoop[i]);
      print(`speed-up: ${(loopMs / threadMs).toFixed(1)}x; same hashes both ways: ${same ? "yes" : "NO"}`);
    } finally {
      ticker.cancel();
      await pool.close();
    }
  });
}
