import { EventLoop, EventLoopError, InvalidStateError } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect } from "vitest";
import * as threadExports from "../src/index.js";
import {
  getDefaultExecutor,
  runInExecutor,
  setDefaultExecutor,
  ThreadError,
  ThreadPool,
  ThreadPoolFullError,
  threadModule,
  toThread,
  transfer,
  WorkerCrashError,
} from "../src/index.js";
import { delayRows, describeBadInput, type Entry, functionRows, type Row } from "./helpers/bad-input-table.js";

const inTask = (body: () => Promise<void>) => run(body, { handleSigint: false });
const noLoop = /no running event loop/;
const closedLoop = () => {
  const loop = new EventLoop();
  loop.close();
  return loop;
};
const notAnExecutor = /executor must be an Executor \(a ThreadPool, or any object with run\(job, options\)\), or null for the default pool/;
const work = async (): Promise<number> => 1;

/** Rows for a pool's thread or queue count. */
function countRows(option: "minThreads" | "maxThreads" | "maxQueue", min: number): Row[] {
  const values: [string, unknown, ErrorConstructor][] = [
    ["1.5", 1.5, TypeError],
    ["a string", "2", TypeError],
    ["null", null, TypeError],
    ["NaN", Number.NaN, TypeError],
    [`${min - 1}`, min - 1, RangeError],
  ];
  return values.map(([what, v, error]): Row => [
    `${option} ${what}`,
    () => new ThreadPool({ [option]: v } as never),
    error,
    new RegExp(`ThreadPool ${option} must be (an integer|at least ${min})`),
  ]);
}

const table: Record<string, Entry> = {
  toThread: [
    ["a promise where the function goes", () => toThread(work() as never), TypeError, /toThread\(fn\): got a promise where the function goes.*toThread\(work\), not toThread\(work\(\)\)/, "loop"],
    ["an array where the function goes", () => toThread([() => 1] as never), TypeError, /toThread\(fn\): got an array where the function goes.*toThread\(fn, \.\.\.args\)/, "loop"],
    ...functionRows("toThread(fn):", (f) => toThread(f as never), /toThread\(fn\): fn must be a function/, "loop").filter(
      ([l]) => !l.endsWith("a promise") && !l.endsWith("null"),
    ),
    ["toThread(null)", () => toThread(null as never), TypeError, /toThread\(fn\): fn must be a function, got null/, "loop"],
    ["toThread(options, not a function)", () => toThread({}, 5 as never), TypeError, /toThread\(options, fn\): fn must be a function, got number 5/, "loop"],
    ["an unknown option", () => toThread({ signl: null } as never, () => 1), TypeError, /toThread\(options, fn\) got an unknown option "signl"/, "loop"],
    ["an option in another spelling", () => toThread({ Transfer: [] } as never, () => 1), TypeError, /unknown option "Transfer" \(did you mean transfer\?\)/, "loop"],
    ["a signal that is not an AbortSignal", () => toThread({ signal: 5 as never }, () => 1), TypeError, /options\.signal must be an AbortSignal, got number 5/, "loop"],
    ["an executor that is not an Executor", () => toThread({ executor: 5 as never }, () => 1), TypeError, notAnExecutor, "loop"],
    ["transfer that is not an array", () => toThread({ transfer: 5 as never }, () => 1), TypeError, /options\.transfer must be an array of ArrayBuffers or typed arrays/, "loop"],
    ["transfer holding a number", () => toThread({ transfer: [5 as never] }, () => 1), TypeError, /options\.transfer\[0\] must be an ArrayBuffer or a typed array over one, got number 5/, "loop"],
    ["transfer holding a SharedArrayBuffer", () => toThread({ transfer: [new SharedArrayBuffer(4) as never] }, () => 1), TypeError, /options\.transfer\[0\].*SharedArrayBuffer is shared already/, "loop"],
    ["a closure that is not self-contained", () => toThread(function bound() {}.bind(null)), TypeError, /toThread/, "loop"],
    ["no running loop", () => toThread(() => 1), EventLoopError, noLoop],
  ],
  runInExecutor: [
    ["an executor that is not an Executor", () => runInExecutor(5 as never, () => 1), TypeError, notAnExecutor, "loop"],
    ["an executor without run()", () => runInExecutor({} as never, () => 1), TypeError, notAnExecutor, "loop"],
    ...functionRows("runInExecutor(null, fn):", (f) => runInExecutor(null, f as never), /runInExecutor\(executor, fn\): fn must be a function/, "loop").filter(
      ([l]) => !l.endsWith("a promise"),
    ),
    ["an executor whose run() returns no promise", () => runInExecutor({ run: () => 5 } as never, () => 1), TypeError, /executor\.run\(\) must return a promise, got number 5/, "loop rejects"],
    ["no running loop", () => runInExecutor(null, () => 1), EventLoopError, noLoop],
  ],
  threadModule: [
    ["a number", () => threadModule(5 as never), TypeError, /threadModule\(url\): url must be a URL or an absolute path, got number 5/],
    ["null", () => threadModule(null as never), TypeError, /url must be a URL or an absolute path, got null/],
    ["a relative path", () => threadModule("./work.js"), TypeError, /threadModule\(url\): "\.\/work\.js" is relative.*new URL\("\.\/work\.js", import\.meta\.url\)/],
    ["options that are a number", () => threadModule("file:///work.js", 5 as never), TypeError, /threadModule\(url, options\) options must be an object like \{ executor \}/],
    ["options that are null", () => threadModule("file:///work.js", null as never), TypeError, /threadModule\(url, options\) options must be an object/],
    ["an unknown option", () => threadModule("file:///work.js", { exectuor: null } as never), TypeError, /threadModule\(url, options\) got an unknown option "exectuor"/],
    ["method.with(null)", () => threadModule<{ f(): number }>("file:///work.js").f.with(null as never), TypeError, /f\.with\(options\) options must be an object like \{ signal, executor, transfer \}/],
    ["method.with({ bogus })", () => threadModule<{ f(): number }>("file:///work.js").f.with({ bogus: 1 } as never), TypeError, /f\.with\(options\) got an unknown option "bogus"/],
    ["method() outside a loop", () => threadModule<{ f(): number }>("file:///work.js").f(), EventLoopError, noLoop],
  ],
  ThreadPool: [
    ...(
      [
        ["a number", 5],
        ["null", null],
        ["a string", "big"],
      ] as const
    ).map(([what, v]): Row => [`options ${what}`, () => new ThreadPool(v as never), TypeError, /new ThreadPool\(\) options must be an object like \{ minThreads, maxThreads/]),
    ["an unknown option", () => new ThreadPool({ max_threads: 2 } as never), TypeError, /new ThreadPool\(\) got an unknown option "max_threads" \(did you mean maxThreads\?\)/],
    ...countRows("minThreads", 0),
    ...countRows("maxThreads", 1),
    ...countRows("maxQueue", 0),
    ["minThreads above maxThreads", () => new ThreadPool({ minThreads: 3, maxThreads: 2 }), RangeError, /ThreadPool minThreads \(3\) must not exceed maxThreads \(2\)/],
    ...delayRows("idleTimeout", (v) => new ThreadPool({ idleTimeout: v as never }), /ThreadPool idleTimeout must/).filter(([l]) => !l.endsWith("undefined")),
    ["resourceLimits that are a number", () => new ThreadPool({ resourceLimits: 5 as never }), TypeError, /ThreadPool resourceLimits must be an object, got number 5/],
    ["run() a job that is not a ThreadJob", () => {
      const pool = new ThreadPool({ maxThreads: 1 });
      try {
        return pool.run(5 as never, { transferList: [], signal: new AbortController().signal as never });
      } finally {
        void pool.close();
      }
    }, TypeError, /ThreadPool\.run\(job\): job must be a ThreadJob/, "rejects"],
    ["run() after close()", () => {
      const pool = new ThreadPool({ maxThreads: 1 });
      void pool.close();
      return pool.run({ source: "() => 1", name: "", args: [] }, { transferList: [], signal: new AbortController().signal as never });
    }, InvalidStateError, /closed|closing/, "rejects"],
  ],
  getDefaultExecutor: [
    ["a loop that is not an EventLoop", () => getDefaultExecutor(5 as never), TypeError, /getDefaultExecutor\(loop\): loop must be an EventLoop, got number 5/],
    ["null", () => getDefaultExecutor(null as never), TypeError, /loop must be an EventLoop, got null/],
    ["a closed loop", () => getDefaultExecutor(closedLoop()), EventLoopError, /getDefaultExecutor\(loop\): the loop is closed, so nothing would ever close its pool/],
    ["no loop and none running", () => getDefaultExecutor(), EventLoopError, noLoop],
  ],
  setDefaultExecutor: [
    ["an executor that is not an Executor", () => setDefaultExecutor(5 as never), TypeError, /setDefaultExecutor\(executor\): executor must be a ThreadPool or another Executor/, "loop"],
    ["null", () => setDefaultExecutor(null as never), TypeError, /executor must be a ThreadPool or another Executor/, "loop"],
    ["a loop that is not an EventLoop", () => setDefaultExecutor({ run: () => Promise.resolve() }, 5 as never), TypeError, /setDefaultExecutor\(executor, loop\): loop must be an EventLoop/],
    ["a closed loop", () => setDefaultExecutor({ run: () => Promise.resolve() }, closedLoop()), EventLoopError, /the loop is closed/],
    ["no loop and none running", () => setDefaultExecutor({ run: () => Promise.resolve() }), EventLoopError, noLoop],
  ],
  transfer: [
    ["a number", () => transfer(5 as never), TypeError, /transfer\(value\): value must be an ArrayBuffer or a typed array over one, got number 5/],
    ["null", () => transfer(null as never), TypeError, /value must be an ArrayBuffer/],
    ["a SharedArrayBuffer", () => transfer(new SharedArrayBuffer(4) as never), TypeError, /a SharedArrayBuffer is already shared between threads: pass it as it is/],
  ],
  ThreadError: { none: "an error class: any message is fine", check: () => expect(new ThreadError("x").name).toBe("ThreadError") },
  ThreadPoolFullError: { none: "an error class built from a number", check: () => expect(new ThreadPoolFullError(0).name).toBe("ThreadPoolFullError") },
  WorkerCrashError: { none: "an error class: any message is fine", check: () => expect(new WorkerCrashError("x", "exit").name).toBe("WorkerCrashError") },
};

describe("@tsio/thread: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(threadExports, table, inTask);
});
