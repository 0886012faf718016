import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLoop } from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { type ChromeTraceEvent, runVirtual, TaskTrace } from "../src/index.js";

async function program(): Promise<void> {
  const ok = createTask(() => sleep(100).then(() => "ok"), { name: "ok" });
  const failing = createTask(
    async () => {
      await sleep(200);
      throw new RangeError("out of range");
    },
    { name: "failing" },
  );
  const victim = createTask(
    async () => {
      await sleep(5000);
    },
    { name: "victim" },
  );
  await sleep(300);
  victim.cancel();
  await gather([ok, failing, victim], { returnExceptions: true });
}

describe("TaskTrace", () => {
  it("records each task's events with virtual timestamps", async () => {
    const trace = new TaskTrace();
    await runVirtual(program, { trace });
    expect(trace.active).toBe(false);
    expect(trace.eventsOf("failing").map((e) => `${e.ts} ${e.kind}${e.detail ? ` ${e.detail}` : ""}`)).toEqual([
      "0 created",
      "0 started",
      "0 waiting SleepFuture",
      "200 woken",
      "200 failed RangeError: out of range",
    ]);
    expect(trace.eventsOf("victim").map((e) => `${e.ts} ${e.kind}${e.detail ? ` ${e.detail}` : ""}`)).toEqual([
      "0 created",
      "0 started",
      "0 waiting SleepFuture",
      "300 woken cancelled",
      "300 cancelled",
    ]);
    expect(trace.lines()).toContain("100 ok done");
    expect(trace.lines()[0]).toBe("0 task#1 created");
  });

  it("records nothing once stopped, and only the loop it was started for", async () => {
    const trace = new TaskTrace();
    await runVirtual(program, { trace });
    const count = trace.events.length;
    await runVirtual(program);
    expect(trace.events.length).toBe(count);

    const other = new EventLoop();
    const filtered = new TaskTrace().start(other);
    try {
      await runVirtual(program);
    } finally {
      filtered.stop();
      other.close();
    }
    expect(filtered.events).toEqual([]);
  });

  it("exports valid Chrome trace-event JSON (traceEvents with ph/ts/pid/tid/name)", async () => {
    const trace = new TaskTrace();
    await runVirtual(program, { trace });
    const dir = await mkdtemp(join(tmpdir(), "tsio-trace-"));
    try {
      const path = join(dir, "trace.json");
      await trace.writeChromeTrace(path);
      const parsed = JSON.parse(await readFile(path, "utf8")) as { traceEvents: ChromeTraceEvent[]; displayTimeUnit: string };
      expect(parsed.displayTimeUnit).toBe("ms");
      expect(Array.isArray(parsed.traceEvents)).toBe(true);
      expect(parsed.traceEvents.length).toBeGreaterThan(10);
      for (const e of parsed.traceEvents) {
        expect(["X", "i", "M"]).toContain(e.ph);
        expect(typeof e.name).toBe("string");
        expect(Number.isInteger(e.ts) && e.ts >= 0).toBe(true);
        expect(Number.isInteger(e.pid)).toBe(true);
        expect(Number.isInteger(e.tid)).toBe(true);
        if (e.ph === "X") expect(Number.isInteger(e.dur) && (e.dur ?? -1) >= 0).toBe(true);
        if (e.ph === "i") expect(e.s).toBe("t");
      }
      const threadNames = parsed.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => e.args?.name);
      expect(threadNames).toEqual(expect.arrayContaining(["ok", "failing", "victim"]));
      // The victim's lifetime slice spans 0..300 ms of loop time, in microseconds.
      const victimTid = parsed.traceEvents.find((e) => e.ph === "M" && e.args?.name === "victim")!.tid;
      const lifetime = parsed.traceEvents.find((e) => e.ph === "X" && e.cat === "task" && e.tid === victimTid)!;
      expect(lifetime).toMatchObject({ ts: 0, dur: 300_000, args: { outcome: "cancelled" } });
      const awaitSlice = parsed.traceEvents.find((e) => e.ph === "X" && e.cat === "await" && e.tid === victimTid)!;
      expect(awaitSlice).toMatchObject({ name: "await SleepFuture", ts: 0, dur: 300_000 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
