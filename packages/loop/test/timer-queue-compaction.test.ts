import { describe, expect, it } from "vitest";
import { EventLoop, type TimerHandle } from "../src/index.js";
import { prng } from "./helpers/prng.js";
import { JumpClock } from "./jump-clock.js";

function queuedTimers(loop: EventLoop): number {
  return (loop as unknown as { timers: { size: number } }).timers.size;
}


describe("timer queue compaction after many cancellations keeps order", () => {
  it("sweeps cancelled timers once they pile up, and the rest still fire in (when, seq) order", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const random = prng(7);
    const fired: number[] = [];
    const timers: { id: number; when: number; handle: TimerHandle }[] = [];
    for (let id = 0; id < 2000; id++) {
      const when = Math.floor(random() * 500);
      timers.push({ id, when, handle: loop.callAt(when, (n: number) => fired.push(n), id) });
    }
    const cancelled = new Set<number>();
    for (const t of timers) {
      if (random() < 0.8) {
        t.handle.cancel();
        cancelled.add(t.id);
      }
    }
    const live = timers.filter((t) => !cancelled.has(t.id));
    expect(loop.pendingWork().timers).toBe(live.length);
    // Compaction ran: the queue no longer holds (most of) the cancelled timers.
    expect(queuedTimers(loop)).toBeLessThan(timers.length - cancelled.size / 2);

    const done = loop.createFuture<void>();
    loop.callAt(1000, () => done.setResult());
    await loop.runUntilComplete(done);
    loop.close();

    const expected = [...live].sort((a, b) => a.when - b.when || a.id - b.id).map((t) => t.id);
    expect(fired).toEqual(expected);
  });

  it("keeps order when cancellations and compactions happen while the loop runs", async () => {
    const clock = new JumpClock();
    const loop = new EventLoop({ clock });
    const fired: number[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      const handles: TimerHandle[] = [];
      for (let i = 0; i < 1000; i++) handles.push(loop.callLater(1000 - i, (n: number) => fired.push(n), 1000 - i));
      // Cancel every deadline that is not a multiple of 10.
      for (const h of handles) if (h.when() % 10 !== 0) h.cancel();
      loop.callLater(2000, () => done.setResult());
    });
    await loop.runUntilComplete(done);
    loop.close();
    expect(fired).toEqual(Array.from({ length: 100 }, (_, i) => (i + 1) * 10));
  });

  it("nextDeadline skips cancelled timers", () => {
    const loop = new EventLoop({ clock: new JumpClock() });
    const a = loop.callAt(5, () => {});
    loop.callAt(9, () => {});
    expect(loop.nextDeadline()).toBe(5);
    a.cancel();
    expect(loop.nextDeadline()).toBe(9);
    expect(loop.pendingWork().timers).toBe(1);
    loop.close();
  });
});
