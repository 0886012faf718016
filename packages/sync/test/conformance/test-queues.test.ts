// CPython's Lib/test/test_asyncio/test_queues.py, translated case by case (see README.md here).
// Each `it` is named after the CPython test method it stands for; asyncio's ValueError for too
// many task_done() calls is tsio's InvalidStateError (sync README, "State errors").
import { CancelledError, getRunningLoop, InvalidStateError, TimeoutError } from "@tsio/loop";
import { createTask, sleep, type Task, taskGroup, waitFor } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import {
  Event,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  type QueueOptions,
  QueueShutDown,
} from "../../src/index.js";
import { runVirtual } from "../helpers/virtual-run.js";

type QueueClass = new (options?: QueueOptions) => Queue<unknown>;
const queueClasses: [string, QueueClass][] = [
  ["Queue", Queue],
  ["LifoQueue", LifoQueue],
  ["PriorityQueue", PriorityQueue],
];

describe("QueueBasicTests", () => {
  it("test_empty", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      expect(q.empty()).toBe(true);
      await q.put(1);
      expect(q.empty()).toBe(false);
      expect(await q.get()).toBe(1);
      expect(q.empty()).toBe(true);
    }));

  it("test_full", () =>
    runVirtual(async () => {
      expect(new Queue<number>().full()).toBe(false);
      const q = new Queue<number>({ maxsize: 1 });
      await q.put(1);
      expect(q.full()).toBe(true);
    }));

  it("test_order", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      const items = [await q.get(), await q.get(), await q.get()];
      expect(items).toEqual([1, 3, 2]);
    }));

  it("test_maxsize", () =>
    runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 2 });
      expect(q.maxsize).toBe(2);
      const haveBeenPut: number[] = [];
      const t = createTask(async () => {
        for (let i = 0; i < 3; i++) {
          await q.put(i);
          haveBeenPut.push(i);
        }
        return true;
      });
      await sleep(0);
      await sleep(0);
      // The putter is blocked after putting two items.
      expect(haveBeenPut).toEqual([0, 1]);
      expect(await q.get()).toBe(0);
      // Let the putter resume and put the last item.
      await sleep(0);
      expect(haveBeenPut).toEqual([0, 1, 2]);
      expect(await q.get()).toBe(1);
      expect(await q.get()).toBe(2);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));
});

describe("QueueGetTests", () => {
  it("test_blocking_get", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      expect(await q.get()).toBe(1);
    }));

  it("test_get_with_putters", () =>
    runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      await q.put(1);
      // A waiting putter, planted as asyncio's test does, is woken by the get.
      const waiter = q._putters.push();
      expect(await q.get()).toBe(1);
      expect(waiter.done()).toBe(true);
      expect(waiter.result()).toBeUndefined();
    }));

  it("test_blocking_get_wait", () =>
    runVirtual(async () => {
      const loop = getRunningLoop();
      const q = new Queue<number>();
      const started = new Event();
      let finished = false;
      const queueGet = createTask(async () => {
        started.set();
        const res = await q.get();
        finished = true;
        return res;
      });
      await started.wait();
      expect(finished).toBe(false);
      loop.callLater(10, () => q.putNowait(1));
      const res = await queueGet;
      expect(finished).toBe(true);
      expect(res).toBe(1);
    }));

  it("test_nonblocking_get", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("test_nonblocking_get_exception", () => {
    const q = new Queue<number>();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });

  it("test_get_cancelled_race", () =>
    runVirtual(async () => {
      const q = new Queue<string>();
      const t1 = createTask(() => q.get());
      const t2 = createTask(() => q.get());
      await sleep(0);
      t1.cancel();
      await sleep(0);
      expect(t1.done()).toBe(true);
      await q.put("a");
      await sleep(0);
      expect(await t2).toBe("a");
    }));

  it("test_get_with_waiting_putters", () =>
    runVirtual(async () => {
      const q = new Queue<string>({ maxsize: 1 });
      createTask(() => q.put("a"));
      createTask(() => q.put("b"));
      expect(await q.get()).toBe("a");
      expect(await q.get()).toBe("b");
    }));

  it("test_why_are_getters_waiting", () =>
    runVirtual(async () => {
      const n = 5;
      const q = new Queue<number>({ maxsize: 1 });
      await taskGroup((tg) => {
        tg.createTask(async () => {
          for (let i = 0; i < n; i++) await q.put(i);
        });
        tg.createTask(async () => {
          for (let i = 0; i < n; i++) await q.get();
        });
      });
      expect(q.empty()).toBe(true);
    }));

  it("test_cancelled_getters_not_being_held_in_self_getters", () =>
    runVirtual(async () => {
      const queue = new Queue<number>({ maxsize: 5 });
      await expect(waitFor(() => queue.get(), 100)).rejects.toBeInstanceOf(TimeoutError);
      expect(queue._getters.size).toBe(0);
    }));
});

describe("QueuePutTests", () => {
  it("test_blocking_put", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      // No maxsize: never blocks.
      await q.put(1);
      expect(await q.get()).toBe(1);
    }));

  it("test_blocking_put_wait", () =>
    runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      const started = new Event();
      let finished = false;
      getRunningLoop().callLater(10, () => q.getNowait());
      const queuePut = createTask(async () => {
        started.set();
        await q.put(1);
        await q.put(2);
        finished = true;
      });
      await started.wait();
      expect(finished).toBe(false);
      await queuePut;
      expect(finished).toBe(true);
    }));

  it("test_nonblocking_put", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("test_get_cancel_drop_one_pending_reader", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      let reader = createTask(() => q.get());
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        await reader;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        // Try again.
        reader = createTask(() => q.get());
        await reader;
      }
      // Getting 2 would mean that 1 was dropped.
      expect(reader.result()).toBe(1);
    }));

  it("test_get_cancel_drop_many_pending_readers", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      let reader2!: Task<number>;
      let reader3!: Task<number>;
      await taskGroup(async (tg) => {
        const reader1 = tg.createTask(() => q.get());
        reader2 = tg.createTask(() => q.get());
        reader3 = tg.createTask(() => q.get());
        await sleep(0);
        q.putNowait(1);
        q.putNowait(2);
        reader1.cancel();
        await expect(reader1).rejects.toBeInstanceOf(CancelledError);
        await reader3;
      });
      // Which reader gets which item is not specified.
      expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
    }));

  it("test_put_cancel_drop", () =>
    runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      q.putNowait(1);
      // A second item has to wait (qsize 1).
      let writer = createTask(() => q.put(2));
      await sleep(0);
      expect(q.getNowait()).toBe(1);
      writer.cancel();
      try {
        await writer;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        // Try again.
        writer = createTask(() => q.put(2));
        await writer;
      }
      expect(q.getNowait()).toBe(2);
      expect(q.qsize()).toBe(0);
    }));

  it("test_nonblocking_put_exception", () => {
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  it("test_float_maxsize", () => {
    // asyncio treats maxsize=1.3 as "full at 2 items"; tsio refuses a fractional maxsize.
    expect(() => new Queue<number>({ maxsize: 1.3 })).toThrow(TypeError);
    expect(() => new Queue<number>({ maxsize: 1.3 })).toThrow(/maxsize/);
  });

  it("test_put_cancelled", () =>
    runVirtual(async () => {
      const q = new Queue<number>();
      const t = createTask(async () => {
        await q.put(1);
        return true;
      });
      expect(await q.get()).toBe(1);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  it("test_put_cancelled_race", () =>
    runVirtual(async () => {
      const q = new Queue<string>({ maxsize: 1 });
      const putA = createTask(() => q.put("a"));
      const putB = createTask(() => q.put("b"));
      const putC = createTask(() => q.put("X"));
      await sleep(0);
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);
      putC.cancel();
      await sleep(0);
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      await sleep(0);
      expect(q.getNowait()).toBe("b");
      await putB;
    }));

  it("test_put_with_waiting_getters", () =>
    runVirtual(async () => {
      const q = new Queue<string>();
      const t = createTask(() => q.get());
      await sleep(0);
      await q.put("a");
      expect(await t).toBe("a");
    }));

  it("test_why_are_putters_waiting", () =>
    runVirtual(async () => {
      const queue = new Queue<number>({ maxsize: 2 });
      await taskGroup((tg) => {
        tg.createTask(async () => {
          await sleep(0);
          const num = queue.qsize();
          for (let i = 0; i < num; i++) queue.getNowait();
        });
        for (const item of [0, 1, 2, 3]) tg.createTask(() => queue.put(item));
      });
      expect(queue.qsize()).toBe(2);
    }));

  it("test_cancelled_puts_not_being_held_in_self_putters", () =>
    runVirtual(async () => {
      const queue = new Queue<number>({ maxsize: 1 });
      queue.putNowait(1);
      // A task waiting for room to put an item.
      const putTask = createTask(() => queue.put(1));
      await sleep(0);
      // Cancelling it takes its waiter out of the putters.
      expect(queue._putters.size).toBe(1);
      putTask.cancel();
      await expect(putTask).rejects.toBeInstanceOf(CancelledError);
      expect(queue._putters.size).toBe(0);
    }));

  it("test_cancelled_put_silence_value_error_exception", () =>
    runVirtual(async () => {
      const queue = new Queue<number>({ maxsize: 1 });
      queue.putNowait(1);
      const putTask = createTask(() => queue.put(1));
      await sleep(0);
      // getNowait() wakes the putter (and takes it out of the putters) before it is cancelled.
      queue.getNowait();
      putTask.cancel();
      await expect(putTask).rejects.toBeInstanceOf(CancelledError);
    }));
});

describe("LifoQueueTests", () => {
  it("test_order", () =>
    runVirtual(async () => {
      const q = new LifoQueue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([2, 3, 1]);
    }));
});

describe("PriorityQueueTests", () => {
  it("test_order", () =>
    runVirtual(async () => {
      const q = new PriorityQueue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([1, 2, 3]);
    }));
});

// _QueueJoinTestMixin runs once per queue class, as in CPython.
for (const [name, QueueClass] of queueClasses) {
  describe(`${name}JoinTests`, () => {
    it("test_task_done_underflow", () => {
      const q = new QueueClass();
      expect(() => q.taskDone()).toThrow(InvalidStateError);
    });

    it("test_task_done", () =>
      runVirtual(async () => {
        const q = new QueueClass();
        for (let i = 0; i < 100; i++) q.putNowait(i);
        let accumulator = 0;
        // Two workers get items and call taskDone() after each; join() sees them all processed.
        let running = true;
        const worker = async () => {
          while (running) {
            const item = (await q.get()) as number;
            accumulator += item;
            q.taskDone();
          }
        };
        await taskGroup(async (tg) => {
          const tasks = [tg.createTask(worker), tg.createTask(worker)];
          await q.join();
          expect(accumulator).toBe((99 * 100) / 2);
          // Let the workers finish.
          running = false;
          for (let i = 0; i < tasks.length; i++) q.putNowait(0);
        });
      }));

    it("test_join_empty_queue", () =>
      runVirtual(async () => {
        const q = new QueueClass();
        // join() returns at once on a queue that never had items (twice for insurance).
        await q.join();
        await q.join();
      }));
  });
}

// _QueueShutdownTestMixin runs once per queue class, as in CPython.
for (const [name, QueueClass] of queueClasses) {
  describe(`${name}ShutdownTests`, () => {
    const expectShutDown = async (q: Queue<unknown>) => {
      await expect(q.put("data")).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.getNowait()).toThrow(QueueShutDown);
    };

    it("test_shutdown_empty", () =>
      runVirtual(async () => {
        const q = new QueueClass();
        const getTask = createTask(() => q.get());
        await sleep(0); // the get is waiting before the shutdown
        q.shutdown(false); // unfinished tasks: 0 -> 0
        expect(q.qsize()).toBe(0);
        await q.join();
        await sleep(0);
        expect(getTask.done()).toBe(true);
        await expect(getTask).rejects.toBeInstanceOf(QueueShutDown);
        await expectShutDown(q);
      }));

    it("test_shutdown_nonempty", () =>
      runVirtual(async () => {
        const q = new QueueClass({ maxsize: 1 });
        q.putNowait("data");
        const joinTask = createTask(() => q.join());
        const putTask = createTask(() => q.put("data2"));
        await sleep(0);
        expect(putTask.done()).toBe(false);
        q.shutdown(false); // unfinished tasks: 1 -> 1
        expect(q.qsize()).toBe(1);
        await sleep(0);
        expect(putTask.done()).toBe(true);
        await expect(putTask).rejects.toBeInstanceOf(QueueShutDown);
        // The item already queued can still be got.
        expect(await q.get()).toBe("data");
        await sleep(0);
        expect(joinTask.done()).toBe(false);
        await expectShutDown(q);
        // One unfinished item: marking it done ends the join.
        q.taskDone();
        await sleep(0);
        expect(joinTask.done()).toBe(true);
        await joinTask;
        expect(() => q.taskDone()).toThrow(InvalidStateError);
      }));

    it("test_shutdown_immediate", () =>
      runVirtual(async () => {
        const q = new QueueClass();
        q.putNowait("data");
        const joinTask = createTask(() => q.join());
        q.shutdown(true); // unfinished tasks: 1 -> 0
        expect(q.qsize()).toBe(0);
        await sleep(0);
        expect(joinTask.done()).toBe(true);
        await joinTask;
        await expectShutDown(q);
        expect(() => q.taskDone()).toThrow(InvalidStateError);
      }));

    it("test_shutdown_immediate_with_unfinished", () =>
      runVirtual(async () => {
        const q = new QueueClass();
        q.putNowait("data");
        q.putNowait("data");
        const joinTask = createTask(() => q.join());
        expect(await q.get()).toBe("data");
        q.shutdown(true); // unfinished tasks: 2 -> 1
        expect(q.qsize()).toBe(0);
        await sleep(0);
        expect(joinTask.done()).toBe(false);
        await expectShutDown(q);
        // One unfinished item is left: the one got before the shutdown.
        q.taskDone();
        expect(() => q.taskDone()).toThrow(InvalidStateError);
        await sleep(0);
        expect(joinTask.done()).toBe(true);
        await joinTask;
      }));
  });
}
