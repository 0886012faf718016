import { TimeoutError } from "@tsio/loop";
import { Queue } from "@tsio/sync";
import { createTask, gather, sleep, timeout, waitFor } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { runVirtual, TaskTrace, VirtualClock } from "../src/index.js";

/** Sleeps, timeouts, gathers, cancellations and bounded-queue traffic, all interleaved. */
async function busyProgram(): Promise<number[]> {
  const queue = new Queue<number>({ maxsize: 1 });
  const consumer = createTask(
    async () => {
      const got: number[] = [];
      for (;;) {
        const item = await queue.get();
        queue.taskDone();
        if (item < 0) return got;
        got.push(item);
        await sleep(70);
      }
    },
    { name: "consumer" },
  );
  const producer = createTask(
    async () => {
      for (let i = 0; i < 6; i++) {
        await queue.put(i);
        await sleep(30 + (i % 3) * 10);
      }
      await queue.put(-1);
    },
    { name: "producer" },
  );
  const idler = createTask(() => sleep(10_000), { name: "idler" });
  const impatient = createTask(
    async () => {
      try {
        await waitFor(() => sleep(500), 100);
        return "finished";
      } catch (err) {
        if (err instanceof TimeoutError) return "timed out";
        throw err;
      }
    },
    { name: "impatient" },
  );
  const [got, verdict] = await gather(consumer, impatient);
  expect(verdict).toBe("timed out");
  await sleep(50);
  idler.cancel("no longer needed");
  await gather([idler], { returnExceptions: true });
  await timeout(200, () => gather(() => sleep(20), () => sleep(70)));
  await producer;
  return got;
}

async function traceOnce(): Promise<{ lines: string[]; end: number; got: number[] }> {
  const trace = new TaskTrace();
  const clock = new VirtualClock();
  const got = await runVirtual(busyProgram, { clock, trace });
  return { lines: trace.lines(), end: clock.now(), got };
}

describe("a virtual-time trace", () => {
  it("is identical on 50 runs of a program mixing sleeps, timeouts, gathers, cancellations and queue traffic", async () => {
    const first = await traceOnce();
    expect(first.got).toEqual([0, 1, 2, 3, 4, 5]);
    const kinds = new Set(first.lines.map((line) => line.split(" ")[2]));
    expect(kinds).toEqual(new Set(["created", "started", "waiting", "woken", "done", "cancelled"]));
    expect(first.lines.at(-4)).toBe(`${first.end} task#1 done`);
    // Queue traffic shows: the consumer waits on the empty queue before it ever sleeps, and the
    // producer waits on the full queue (a wait that is not a sleep) at some point.
    const waits = (task: string): string[] => first.lines.filter((line) => line.includes(` ${task} waiting `));
    expect(waits("consumer")[0]).toMatch(/^0 consumer waiting /);
    expect(waits("consumer")[1]).toBe("0 consumer waiting SleepFuture");
    expect(waits("consumer")[0]).not.toBe("0 consumer waiting SleepFuture");
    expect(waits("producer").filter((line) => !line.endsWith("SleepFuture")).length).toBeGreaterThan(0);
    for (let run = 2; run <= 50; run++) {
      const again = await traceOnce();
      expect(again.end).toBe(first.end);
      expect(again.lines).toEqual(first.lines);
    }
  });
});
