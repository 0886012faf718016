import { describe, expect, it } from "vitest";
import { TimerHeap } from "../src/timer-heap.js";

/** Whatever the heap stores; built by hand so the heap is tested on its own. */
type Entry = Parameters<TimerHeap["push"]>[0];

let seq = 0;
function timer(when: number): Entry {
  return { _when: when, _seq: seq++, _scheduled: true, _cancelled: false, _run() {}, toString: () => `timer@${when}` };
}

function popAll(heap: TimerHeap): Entry[] {
  const out: Entry[] = [];
  for (let t = heap.pop(); t !== undefined; t = heap.pop()) out.push(t);
  return out;
}

function byWhenThenSeq(a: Entry, b: Entry): number {
  return a._when - b._when || a._seq - b._seq;
}

describe("TimerHeap", () => {
  it("pops in (when, seq) order and peeks the minimum", () => {
    const heap = new TimerHeap();
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
    const all = [50, 10, 30, 10, 0, 50, 20, 10].map(timer);
    for (const t of all) heap.push(t);
    expect(heap.size).toBe(all.length);
    expect(heap.peek()?._when).toBe(0);
    const popped = popAll(heap);
    expect(popped).toEqual([...all].sort(byWhenThenSeq));
    expect(heap.size).toBe(0);
  });

  it("orders thousands of random deadlines with many ties", () => {
    const heap = new TimerHeap();
    const all: Entry[] = [];
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = timer(x % 97);
      all.push(t);
      heap.push(t);
    }
    expect(popAll(heap)).toEqual([...all].sort(byWhenThenSeq));
  });

  it("keeps order when pushes and pops interleave", () => {
    const heap = new TimerHeap();
    const model: Entry[] = [];
    for (let i = 0; i < 300; i++) {
      for (const when of [(i * 37) % 101, (i * 53) % 89]) {
        const t = timer(when);
        heap.push(t);
        model.push(t);
      }
      model.sort(byWhenThenSeq);
      // Each pop returns the minimum of what is in the heap at that moment.
      expect(heap.pop()).toBe(model.shift());
    }
    expect(popAll(heap)).toEqual(model);
  });

  it("compact() drops cancelled timers and keeps the heap ordered", () => {
    const heap = new TimerHeap();
    const all: Entry[] = [];
    for (let i = 0; i < 300; i++) {
      const t = timer((i * 7919) % 300);
      all.push(t);
      heap.push(t);
    }
    // Mark cancelled without going through the loop's bookkeeping.
    for (const t of all) if (t._when % 3 !== 0) t._cancelled = true;
    heap.compact();
    const live = all.filter((t) => !t._cancelled);
    expect(heap.size).toBe(live.length);
    expect(popAll(heap)).toEqual([...live].sort(byWhenThenSeq));
  });

  it("clear() returns every timer and empties the heap", () => {
    const heap = new TimerHeap();
    const all = [3, 1, 2].map(timer);
    for (const t of all) heap.push(t);
    const cleared = heap.clear();
    expect(new Set(cleared)).toEqual(new Set(all));
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
  });
});
