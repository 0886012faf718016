import { describe, expect, it } from "vitest";
import type { TimerEntry } from "../src/handle.js";
import { TimerQueue } from "../src/timer-queue.js";
import { prng } from "./helpers/prng.js";

/** A timer built by hand, so the queue is tested on its own; `id` is its scheduling order. */
interface Entry extends TimerEntry {
  readonly id: number;
}

let nextId = 0;
function timer(when: number): Entry {
  return {
    id: nextId++,
    _when: when,
    _scheduled: true,
    _cancelled: false,
    _run() {},
    toString: () => `timer@${when}`,
  };
}

/** The order the queue must reproduce: deadline, then scheduling order. */
function byDeadlineThenId(a: Entry, b: Entry): number {
  return a._when - b._when || a.id - b.id;
}

function collect(queue: TimerQueue, now: number): Entry[] {
  const out: Entry[] = [];
  queue.collectDue(now, out as TimerEntry[]);
  return out;
}

describe("TimerQueue", () => {
  it("collects in deadline order, equal deadlines in scheduling order, and peeks the earliest", () => {
    const queue = new TimerQueue();
    expect(queue.peek()).toBeUndefined();
    expect(collect(queue, 1e9)).toEqual([]);
    const all = [50, 10, 30.5, 10, 0, 50, 20, 10, 30.25, -3, 1024, 10.999].map(timer);
    for (const t of all) queue.push(t);
    expect(queue.size).toBe(all.length);
    expect(queue.peek()?._when).toBe(-3);
    const out = collect(queue, 2000);
    expect(out).toEqual([...all].sort(byDeadlineThenId));
    expect(out.every((t) => !t._scheduled)).toBe(true);
    expect(queue.size).toBe(0);
  });

  it("takes only what is due from a millisecond that has only partly passed", () => {
    const queue = new TimerQueue();
    const [a, b, c] = [7.75, 7.25, 7.5].map(timer) as [Entry, Entry, Entry];
    for (const t of [a, b, c]) queue.push(t);
    expect(collect(queue, 7.5)).toEqual([b, c]);
    expect(a._scheduled).toBe(true);
    // A later timer for the same millisecond, due before the one left there.
    const d = timer(7.6);
    queue.push(d);
    expect(queue.peek()).toBe(d);
    expect(collect(queue, 8)).toEqual([d, a]);
  });

  it("matches a sorted reference under random pushes, collections, cancellations and sweeps", () => {
    for (const seed of [1, 2, 3, 42, 2024]) {
      const random = prng(seed);
      const queue = new TimerQueue();
      let pending: Entry[] = [];
      let now = 0;
      for (let step = 0; step < 400; step++) {
        const pushes = Math.floor(random() * 40);
        for (let i = 0; i < pushes; i++) {
          const r = random();
          // Fractional deadlines, exact ties, far (colliding table slots) and past deadlines.
          const when =
            r < 0.5
              ? now + random() * 50
              : r < 0.7
                ? now + Math.floor(random() * 5)
                : r < 0.8
                  ? now + 1024 * Math.floor(1 + random() * 3) + random()
                  : r < 0.9
                    ? now - random() * 10
                    : now;
          const t = timer(when);
          queue.push(t);
          pending.push(t);
        }
        for (const t of pending) {
          if (!t._cancelled && random() < 0.05) {
            t._cancelled = true;
            queue.noteCancelled();
          }
        }
        const live = pending.filter((t) => !t._cancelled).sort(byDeadlineThenId);
        expect(queue.live).toBe(live.length);
        expect(queue.peek()).toBe(live[0]);
        now += random() < 0.2 ? 0 : random() * 8;
        const expected = live.filter((t) => t._when <= now);
        expect(collect(queue, now)).toEqual(expected);
        pending = pending.filter((t) => t._when > now);
      }
      const rest = pending.filter((t) => !t._cancelled).sort(byDeadlineThenId);
      expect(collect(queue, Number.POSITIVE_INFINITY)).toEqual(rest);
      expect(queue.size).toBe(0);
      expect(queue.peek()).toBeUndefined();
    }
  });

  it("orders infinite and huge deadlines after the rest", () => {
    const queue = new TimerQueue();
    const all = [Number.POSITIVE_INFINITY, 2 ** 40 + 0.5, 5, Number.POSITIVE_INFINITY, 2 ** 40, -(2 ** 40)].map(timer);
    for (const t of all) queue.push(t);
    expect(collect(queue, Number.POSITIVE_INFINITY)).toEqual([...all].sort(byDeadlineThenId));
  });

  it("compact() drops cancelled timers, marks them unscheduled and keeps the order", () => {
    const queue = new TimerQueue();
    const all: Entry[] = [];
    for (let i = 0; i < 300; i++) {
      const t = timer(((i * 7919) % 300) / 7);
      all.push(t);
      queue.push(t);
    }
    for (const t of all) if (t.id % 3 !== 0) t._cancelled = true;
    queue.compact();
    const live = all.filter((t) => !t._cancelled);
    expect(queue.size).toBe(live.length);
    expect(all.filter((t) => t._cancelled).every((t) => !t._scheduled)).toBe(true);
    expect(collect(queue, 1000)).toEqual([...live].sort(byDeadlineThenId));
  });

  it("sweeps by itself once cancelled timers are many and the majority", () => {
    const queue = new TimerQueue();
    const all = Array.from({ length: 1000 }, (_, i) => timer(i / 3));
    for (const t of all) queue.push(t);
    for (const t of all.slice(0, 600)) {
      t._cancelled = true;
      queue.noteCancelled();
    }
    expect(queue.size).toBeLessThan(1000);
    expect(queue.live).toBe(400);
    expect(collect(queue, 1000)).toEqual(all.slice(600));
  });

  it("keeps a millisecond that is consumed while it still receives timers from growing", () => {
    const queue = new TimerQueue();
    const later = timer(3.9);
    queue.push(later);
    // Time standing still at 3.5: every round schedules one timer due now and collects it.
    for (let i = 0; i < 10_000; i++) {
      const t = timer(3.5);
      queue.push(t);
      expect(collect(queue, 3.5)).toEqual([t]);
    }
    const bucket = (queue as unknown as { table: ({ entries: unknown[] } | null)[] }).table[3];
    expect(bucket?.entries.length).toBeLessThan(200);
    expect(collect(queue, 4)).toEqual([later]);
  });

  it("clear() returns every timer, cancelled ones included, and empties the queue", () => {
    const queue = new TimerQueue();
    const all = [3, 1, 2, 1030].map(timer);
    for (const t of all) queue.push(t);
    (all[1] as Entry)._cancelled = true;
    queue.noteCancelled();
    expect(new Set(queue.clear())).toEqual(new Set(all));
    expect(queue.size).toBe(0);
    expect(queue.live).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });
});
