import { EventLoopError, InvalidStateError } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect } from "vitest";
import * as syncExports from "../src/index.js";
import {
  Acquisition,
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  comparePriority,
  Event,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  Semaphore,
} from "../src/index.js";
import { describeBadInput, type Entry, functionRows, type Row } from "./helpers/bad-input-table.js";

const inTask = (body: () => Promise<void>) => run(body, { handleSigint: false });
const noLoop = /no running event loop/;

/** Rows for a count: fractional, a string, null, NaN, Infinity and below `min`. */
function countRows(label: string, call: (n: unknown) => unknown, message: RegExp, min: number): Row[] {
  return [
    [`${label} 1.5`, () => call(1.5), TypeError, new RegExp(`${message.source} must be an integer, got number 1.5`)],
    [`${label} a string`, () => call("2"), TypeError, new RegExp(`${message.source} must be an integer, got the string "2"`)],
    [`${label} null`, () => call(null), TypeError, new RegExp(`${message.source} must be an integer, got null`)],
    [`${label} NaN`, () => call(Number.NaN), TypeError, new RegExp(`${message.source} must be an integer`)],
    [`${label} Infinity`, () => call(Number.POSITIVE_INFINITY), TypeError, new RegExp(`${message.source} must be an integer`)],
    [`${label} ${min - 1}`, () => call(min - 1), RangeError, new RegExp(`${message.source} must be at least ${min}, got ${min - 1}`)],
  ];
}

/** Rows for the options of a queue class. */
function queueRows(name: string, make: (options: unknown) => unknown): Row[] {
  return [
    ...(
      [
        ["a number", 5],
        ["null", null],
        ["a string", "big"],
      ] as const
    ).map(([what, v]): Row => [`options ${what}`, () => make(v), TypeError, new RegExp(`new ${name}\\(\\) options must be an object like \\{ maxsize`)]),
    [`an unknown option`, () => make({ max_size: 1 }), TypeError, new RegExp(`new ${name}\\(\\) got an unknown option "max_size" \\(did you mean maxsize\\?\\)`)],
    ...countRows("maxsize", (n) => make({ maxsize: n }), new RegExp(`new ${name}\\(\\{ maxsize \\}\\): maxsize`), 0),
  ];
}

const table: Record<string, Entry> = {
  Lock: [
    ...functionRows("run(fn):", (f) => new Lock().run(f as never), /Lock\.run\(fn\): fn must be a function/),
    ["release() of an unlocked lock", () => new Lock().release(), InvalidStateError, /Lock\.release\(\): the lock is not acquired; release only what acquire\(\) gave you/],
    ["waiting for it outside a loop", async () => {
      const lock = new Lock();
      await lock.acquire();
      await lock.acquire();
    }, EventLoopError, noLoop, "rejects"],
  ],
  Acquisition: [
    ["constructing one directly", () => new Acquisition(5 as never), TypeError, /Acquisition/],
    ["release() twice", async () => {
      const held = await new Lock().acquire();
      held.release();
      held.release();
    }, InvalidStateError, /already released/, "rejects"],
  ],
  Semaphore: [
    ...countRows("new Semaphore(value):", (n) => new Semaphore(n as never), /new Semaphore\(value\): value/, 0),
    ...functionRows("run(fn):", (f) => new Semaphore().run(f as never), /Semaphore\.run\(fn\): fn must be a function/),
    ["waiting for a permit outside a loop", async () => {
      await new Semaphore(0).acquire();
    }, EventLoopError, noLoop, "rejects"],
  ],
  BoundedSemaphore: [
    ...countRows("new BoundedSemaphore(value):", (n) => new BoundedSemaphore(n as never), /new BoundedSemaphore\(value\): value/, 0),
    ["release() beyond the bound", () => new BoundedSemaphore(1).release(), InvalidStateError, /BoundedSemaphore released too many times/],
  ],
  Event: [["wait() outside a loop", () => new Event().wait(), EventLoopError, noLoop, "rejects"]],
  Condition: [
    ["a lock that is not a Lock", () => new Condition(5 as never), TypeError, /new Condition\(lock\): lock must be a Lock, got number 5/],
    ["a lock that is null", () => new Condition(null as never), TypeError, /lock must be a Lock, got null/],
    ["wait() without holding the lock", () => new Condition().wait(), InvalidStateError, /Condition\.wait\(\): acquire the condition's lock first/, "loop"],
    ["wait() outside a loop, lock held", () => {
      const cond = new Condition(new Lock());
      void cond.acquire();
      try {
        return cond.wait();
      } finally {
        expect(cond.locked()).toBe(true);
      }
    }, EventLoopError, /Condition\.wait\(\) was called outside a running event loop/],
    ["waitFor() outside a loop, lock held", () => {
      const cond = new Condition();
      void cond.acquire();
      return cond.waitFor(() => false);
    }, EventLoopError, /Condition\.waitFor\(\) was called outside a running event loop/],
    ["notify() without holding the lock", () => new Condition().notify(), InvalidStateError, /Condition\.notify\(\): acquire the condition's lock first/],
    ["notifyAll() without holding the lock", () => new Condition().notifyAll(), InvalidStateError, /Condition\.notifyAll\(\): acquire/],
    ["notify(-1)", () => new Condition().notify(-1), RangeError, /Condition\.notify\(n\): n must not be negative/],
    ["notify(1.5)", () => new Condition().notify(1.5), TypeError, /Condition\.notify\(n\): n must be an integer, got number 1.5/],
    ["notify(NaN)", () => new Condition().notify(Number.NaN), TypeError, /n must be an integer/],
    ["notify(\"2\")", () => new Condition().notify("2" as never), TypeError, /n must be an integer/],
    ...functionRows("waitFor(predicate):", (f) => new Condition().waitFor(f as never), /Condition\.waitFor\(predicate\): predicate must be a function/),
    ...functionRows("run(fn):", (f) => new Condition().run(f as never), /Condition\.run\(fn\): fn must be a function/),
  ],
  Barrier: [
    ["no parties", () => new (Barrier as unknown as new () => object)(), TypeError, /new Barrier\(parties\): parties must be an integer, got undefined/],
    ...countRows("new Barrier(parties):", (n) => new Barrier(n as never), /new Barrier\(parties\): parties/, 1),
    ["wait() outside a loop", () => new Barrier(2).wait(), EventLoopError, /Barrier\.wait\(\) was called outside a running event loop/, "rejects"],
    ["wait() on an aborted barrier", () => {
      const barrier = new Barrier(2);
      void barrier.abort();
      return barrier.wait();
    }, BrokenBarrierError, /the barrier was aborted; call reset\(\) to use it again/, "loop rejects"],
  ],
  Queue: [
    ...queueRows("Queue", (o) => new Queue(o as never)),
    ["shutdown(\"yes\")", () => new Queue().shutdown("yes" as never), TypeError, /Queue\.shutdown\(immediate\): immediate must be a boolean/],
    ["taskDone() more times than items were put", () => new Queue().taskDone(), InvalidStateError, /taskDone\(\)/],
    ["getNowait() on an empty queue", () => new Queue().getNowait(), QueueEmpty, /empty/],
    ["putNowait() on a full queue", () => {
      const queue = new Queue<number>({ maxsize: 1 });
      queue.putNowait(1);
      queue.putNowait(2);
    }, QueueFull, /full/],
    ["put() after shutdown()", () => {
      const queue = new Queue<number>();
      queue.shutdown();
      return queue.put(1);
    }, QueueShutDown, /shut down/, "loop rejects"],
    ["get() outside a loop on an empty queue", () => new Queue().get(), EventLoopError, noLoop, "rejects"],
  ],
  LifoQueue: queueRows("LifoQueue", (o) => new LifoQueue(o as never)),
  PriorityQueue: [
    ...queueRows("PriorityQueue", (o) => new PriorityQueue(o as never)),
    ...functionRows("compare:", (f) => new PriorityQueue({ compare: f as never }), /new PriorityQueue\(\{ compare \}\): compare must be a function/).filter(
      ([l]) => !l.endsWith("undefined"),
    ),
    ["priorities of different kinds", () => {
      const queue = new PriorityQueue<unknown>();
      queue.putNowait(1);
      queue.putNowait("a");
    }, TypeError, /priorities of one kind/],
  ],
  comparePriority: [
    ["a number and a string", () => comparePriority(1, "a"), TypeError, /priorities of one kind/],
    ["an array and a number", () => comparePriority([1], 1), TypeError, /priorities of one kind/],
  ],
  QueueEmpty: { none: "an error class: any message is fine", check: () => expect(new QueueEmpty().name).toBe("QueueEmpty") },
  QueueFull: { none: "an error class: any message is fine", check: () => expect(new QueueFull().name).toBe("QueueFull") },
  QueueShutDown: { none: "an error class: any message is fine", check: () => expect(new QueueShutDown().name).toBe("QueueShutDown") },
  BrokenBarrierError: { none: "an error class: any message is fine", check: () => expect(new BrokenBarrierError().name).toBe("BrokenBarrierError") },
  CapacityLimiter: [
    ["0 tokens", () => new syncExports.CapacityLimiter(0), RangeError, /new CapacityLimiter\(totalTokens\): totalTokens must be at least 1, got 0/],
    ["a fractional total", () => new syncExports.CapacityLimiter(1.5), TypeError, /totalTokens must be an integer or Infinity, got number 1\.5/],
    ["totalTokens = -1", () => {
      new syncExports.CapacityLimiter(1).totalTokens = -1;
    }, RangeError, /CapacityLimiter\.totalTokens must be at least 1, got -1/],
    ["run(a number)", () => new syncExports.CapacityLimiter(1).run(5 as never), TypeError, /CapacityLimiter\.run\(fn\): fn must be a function/],
    ["acquireOnBehalfOf(undefined)", () => new syncExports.CapacityLimiter(1).acquireOnBehalfOf(undefined), TypeError, /borrower must identify who borrows/, "loop"],
    ["a borrower that already holds a token", () => {
      const limiter = new syncExports.CapacityLimiter(2);
      limiter.acquireOnBehalfOfNowait("me");
      return limiter.acquireOnBehalfOfNowait("me");
    }, InvalidStateError, /already holds a token; a borrower gets one token at a time/],
    ["release() with no token out", () => new syncExports.CapacityLimiter(1).release(), InvalidStateError, /no token taken with acquire\(\) is out/],
  ],
  LimiterToken: {
    none: "made by acquire() and run(), never by hand; a second release of it is checked in CapacityLimiter's rows",
    check: () => expect(String(new syncExports.CapacityLimiter(1).acquireNowait())).toBe("[object Acquisition]"),
  },
  openChannel: [
    ["a negative bufferSize", () => syncExports.openChannel(-1), RangeError, /openChannel\(bufferSize\): bufferSize must be at least 0, got -1/],
    ["a fractional bufferSize", () => syncExports.openChannel(0.5), TypeError, /bufferSize must be an integer or Infinity, got number 0\.5/],
    ["a string bufferSize", () => syncExports.openChannel("1" as never), TypeError, /bufferSize must be an integer or Infinity, got the string "1"/],
  ],
  SendChannel: [
    ["sendNowait on a closed half", () => {
      const [send] = syncExports.openChannel<number>(1);
      send.close();
      send.sendNowait(1);
    }, syncExports.ClosedResourceError, /SendChannel\.sendNowait\(\): this send half was closed/],
    ["send with every receive half closed", () => {
      const [send, receive] = syncExports.openChannel<number>(1);
      receive.close();
      return send.send(1);
    }, syncExports.BrokenResourceError, /receive/, "loop rejects"],
  ],
  ReceiveChannel: [
    ["receive on a closed half", () => {
      const [, receive] = syncExports.openChannel<number>();
      receive.close();
      return receive.receive();
    }, syncExports.ClosedResourceError, /closed/, "loop rejects"],
    ["clone of a closed half", () => {
      const [, receive] = syncExports.openChannel<number>();
      receive.close();
      receive.clone();
    }, syncExports.ClosedResourceError, /ReceiveChannel\.clone\(\): this half was closed; clone before closing it/],
  ],
  WouldBlock: { none: "an error class: any message is fine", check: () => expect(new syncExports.WouldBlock().name).toBe("WouldBlock") },
  EndOfChannel: { none: "an error class: any message is fine", check: () => expect(new syncExports.EndOfChannel().name).toBe("EndOfChannel") },
  BrokenResourceError: { none: "an error class: any message is fine", check: () => expect(new syncExports.BrokenResourceError().name).toBe("BrokenResourceError") },
  ClosedResourceError: { none: "an error class: any message is fine", check: () => expect(new syncExports.ClosedResourceError().name).toBe("ClosedResourceError") },
};

describe("@tsio/sync: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(syncExports, table, inTask);
});
