import { getRunningLoop, KeyboardInterrupt, Queue, sleep, taskGroup } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "service",
  title: "A long-running service stopped with Ctrl-C",
  shows:
    "Ctrl-C (SIGINT) cancels the main task: every finally block runs, clean-up may still await, run() rejects with KeyboardInterrupt and the program exits with code 130",
  kind: "program",
  main,
};

/** Rounds of work before the tour and the tests press Ctrl-C for you. */
const SIMULATED_ROUNDS = 3;

async function main({ print, run, interactive, virtual, setExitCode }: ExampleContext): Promise<void> {
  // On virtual time the rounds take no real time, so a real Ctrl-C would land at a random round:
  // the example presses it itself, as in the tour.
  const waitForUser = interactive && !virtual;

  async function service(): Promise<void> {
    const loop = getRunningLoop();
    const start = loop.time();
    const jobs = new Queue<number>();
    let finishedJobs = 0;
    print(
      waitForUser
        ? "service: running; press Ctrl-C to stop"
        : `service: running; Ctrl-C (SIGINT) will be sent after ${SIMULATED_ROUNDS} rounds`,
    );
    try {
      await taskGroup(async (group) => {
        group.createTask(
          async () => {
            try {
              for await (const job of jobs) {
                try {
                  await sleep(150); // the work itself
                } catch (err) {
                  // Interrupted mid-job: hand the job back so it is saved, then let the cancellation go on.
                  jobs.putNowait(job);
                  print(`worker: job ${job} interrupted, put back in the queue`);
                  throw err;
                }
                finishedJobs++;
                print(`worker: finished job ${job}`);
              }
            } finally {
              print(`worker: stopped after ${finishedJobs} jobs`);
            }
          },
          { name: "worker" },
        );
        group.createTask(
          async () => {
            try {
              for (let round = 1; ; round++) {
                await sleep(200);
                jobs.putNowait(round);
                print(`scheduler: queued job ${round}`);
                if (!waitForUser && round === SIMULATED_ROUNDS) {
                  print("(sending SIGINT, as Ctrl-C would)");
                  // Delivered synchronously to run()'s handler, so the output is the same every time.
                  process.emit("SIGINT", "SIGINT");
                }
              }
            } finally {
              print("scheduler: stopped");
            }
          },
          { name: "scheduler" },
        );
      });
    } finally {
      // Clean-up may still await: the cancellation was delivered, so this sleep runs normally.
      await sleep(50);
      const left = jobs.qsize();
      print(`service: state saved, ${left} unfinished job${left === 1 ? "" : "s"} kept for next time (${Math.round(loop.time() - start)} ms)`);
    }
  }

  try {
    await run(service);
  } catch (err) {
    if (!(err instanceof KeyboardInterrupt)) throw err;
    print("run() rejected with KeyboardInterrupt: exit code 130");
    setExitCode(130);
  }
}
