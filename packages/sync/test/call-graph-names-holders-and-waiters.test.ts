import { describeAwaitable } from "@tsio/loop";
import { type CallGraph, captureCallGraph, createTask, currentTask, formatCallGraph, sleep, type Task } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { Condition, Event, Lock, Queue, Semaphore } from "../src/index.js";
import { runVirtual } from "./helpers/virtual-run.js";

const node = (graph: CallGraph, task: Task<unknown>) => graph.tasks.find((t) => t.name === task.getName())!;

describe("sync primitives in the call graph", () => {
  it("a lock names its holder: two tasks taking two locks in opposite order form a reported cycle", async () => {
    await runVirtual(async () => {
      const first = new Lock();
      const second = new Lock();
      const a = createTask(async () => {
        await using _f = await first.acquire();
        await sleep(1);
        await using _s = await second.acquire();
      }, { name: "a" });
      const b = createTask(async () => {
        await using _s = await second.acquire();
        await sleep(1);
        await using _f = await first.acquire();
      }, { name: "b" });
      await sleep(5);
      const graph = captureCallGraph();
      const [ia, ib] = [node(graph, a).id, node(graph, b).id];
      expect(node(graph, a).awaiting).toEqual({ kind: "lock", label: "<Lock locked waiters=1>", tasks: [ib] });
      expect(node(graph, b).awaiting).toEqual({ kind: "lock", label: "<Lock locked waiters=1>", tasks: [ia] });
      expect(graph.cycles).toEqual([[ia, ib]]);
      expect(formatCallGraph(graph)).toContain(`#${ia} a waiting on lock <Lock locked waiters=1> held by #${ib}`);
      a.cancel();
      b.cancel();
      await sleep(1);
      expect(first.locked() || second.locked()).toBe(false);
    });
  });

  it("the holder follows hand-offs and release, and is the task for Lock.run and Condition re-acquire", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const holderOf = () => describeAwaitable(lock).holders;
      await lock.acquire();
      expect(holderOf()).toEqual([currentTask()]);
      const next = createTask(() => lock.run(() => sleep(10)), { name: "next" });
      await sleep(1);
      lock.release();
      await sleep(1);
      expect(holderOf()).toEqual([next]);
      await next;
      expect(holderOf()).toEqual([]);
      const cond = new Condition(lock);
      const waiter = createTask(() => cond.run(() => cond.wait()), { name: "waiter" });
      await sleep(1);
      expect(holderOf()).toEqual([]);
      expect(node(captureCallGraph(), waiter).awaiting).toMatchObject({ kind: "condition", tasks: [] });
      await cond.run(async () => cond.notify());
      await waiter;
    });
  });

  it("a semaphore, an event and a queue say who waits on them", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const event = new Event();
      const queue = new Queue<number>({ maxsize: 1 });
      queue.putNowait(1);
      const onSem = createTask(() => sem.acquire(), { name: "onSem" });
      const onEvent1 = createTask(() => event.wait(), { name: "onEvent1" });
      const onEvent2 = createTask(() => event.wait(), { name: "onEvent2" });
      const putter = createTask(() => queue.put(2), { name: "putter" });
      await sleep(1);
      const graph = captureCallGraph();
      expect(node(graph, onSem).awaiting).toEqual({ kind: "semaphore", label: "<Semaphore value=0 waiters=1>", tasks: [] });
      const ids = [node(graph, onEvent1).id, node(graph, onEvent2).id];
      // Each waiter is told the others queued beside it.
      expect(node(graph, onEvent1).awaiting).toMatchObject({ kind: "event", waiters: [ids[1]] });
      expect(node(graph, onEvent2).awaiting).toMatchObject({ kind: "event", waiters: [ids[0]] });
      expect(node(graph, putter).awaiting).toMatchObject({ kind: "queue", label: expect.stringContaining("putters=1") });
      sem.release();
      event.set();
      await queue.get();
      await Promise.all([onSem, onEvent1, onEvent2, putter]);
    });
  });

  it("a lock taken outside any task has no holder to name", async () => {
    const lock = new Lock();
    await lock.acquire();
    expect(describeAwaitable(lock)).toEqual({ kind: "lock", label: "<Lock locked waiters=0>", holders: [], waiters: [] });
  });
});
