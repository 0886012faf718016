/**
 * A figure implementations are compared by: wall time, CPU time or heap per operation, requests
 * per second, or median / 99th-percentile latency.
 */
export type Metric = "wall" | "cpu" | "heap" | "rps" | "p50" | "p99";

/**
 * One implementation of a workload: run by `child.js` in Node, or by `bench_asyncio.py`.
 *
 * @example
 * ```ts
 * const impl: ImplSpec = { name: "promise", runtime: "node", label: "Promise.all over async functions" };
 * ```
 */
export interface ImplSpec {
  name: string;
  runtime: "node" | "python";
  label: string;
  /** A workspace package that must be built before this implementation can run. */
  needs?: string;
  /** A program that must be on PATH (`redis-server` for the bullmq workloads); skipped, saying so, without it. */
  requires?: "redis-server";
  /**
   * The largest size this implementation runs at unless `--n` says otherwise, for one so slow
   * that the full size would blow the time budget.
   */
  maxN?: number;
}

/**
 * A target from the issue, as a bound on `subject ÷ vs` of one metric (the workload's own unless
 * `metric` says otherwise): at most `max`, at least `min`, or both.
 *
 * @example
 * ```ts
 * const target: Target = { subject: "tsio", vs: "python", max: 1 / 7, text: "≥ 7x faster than Python asyncio" };
 * ```
 */
export interface Target {
  subject: string;
  vs: string;
  max?: number;
  min?: number;
  /** The metric the bound is on; the workload's `metric` when absent. */
  metric?: Metric;
  text: string;
}

/**
 * A workload: what it measures, its sizes, implementations and targets.
 *
 * @example
 * ```ts
 * const spec = findWorkload("spawn-await");
 * spec?.impls.map((impl) => impl.name); // ["tsio", "promise", "effection", "python"]
 * ```
 */
export interface WorkloadSpec {
  name: string;
  what: string;
  /** The unit `n` counts. */
  unit: string;
  n: number;
  quickN: number;
  metric: Metric;
  /** More metrics shown and compared beside `metric`, one table row each (http: the latencies). */
  extraMetrics?: Metric[];
  /** The largest size, even under `--n` (for a workload whose size is seconds of load). */
  maxN?: number;
  /** The implementation whose ratio to every other row the table shows. */
  subject: string;
  impls: ImplSpec[];
  targets: Target[];
  /** An absolute bound on the subject's metric (bytes per task for the memory workload). */
  limit?: { max: number; text: string };
  /** Run the workload once at a small size in the same process before measuring (default true). */
  warmup?: boolean;
  /**
   * Child processes per implementation in a full run when `--repeats` is not given: 1 where the
   * figure is steady, more where single processes scatter (thread placement on 2 cores).
   */
  repeats?: number;
  /** Its point is wall-clock speed-up from parallel threads: never compared by CPU time. */
  wallOnly?: boolean;
}

/**
 * The loopback server's load: connections autocannon keeps open, each sending its next request
 * when the last is answered. Enough to keep the server busy on 2 shared cores.
 */
export const HTTP_CONNECTIONS = 32;

const PY: ImplSpec = { name: "python", runtime: "python", label: "Python 3 asyncio (bench_asyncio.py)" };
const SYNC = "@tsio/sync";
/**
 * Effection spends 100–180 µs per spawned task (about flat from 10k to 50k), so 200k would take
 * half a minute per run; a smaller n gives the same figure per task.
 */
const EFFECTION_MAX_N = 10_000;
const THREAD = "@tsio/thread";
const BULLMQ = "@tsio/bullmq";
/**
 * Effect 4 spends 60–140 µs per contended acquisition among 1,000 fibers, so 100k would take
 * 15 s per run; the cost per acquisition does not depend on the rounds, so 10 rounds each suffice.
 */
const EFFECT_LOCK_MAX_N = 10_000;
/** Effect 4, in a workload where it has the same primitive as tsio. */
const EFFECT = (label: string): ImplSpec => ({ name: "effect", runtime: "node", label: `Effect 4: ${label}` });
/** The bar against Effect 4: at least twice as fast, on every workload both have. */
const effectTarget = (subject = "tsio"): Target => ({
  subject,
  vs: "effect",
  max: 1 / 2,
  text: "≥ 2x faster than Effect 4",
});

/** Beside plain Promises (`promiseMax`), Python asyncio, Effection and Effect 4. */
const fastTargets = (promiseMax: number, promiseText: string): Target[] => [
  { subject: "tsio", vs: "promise", max: promiseMax, text: promiseText },
  { subject: "tsio", vs: "python", max: 1 / 7, text: "≥ 7x faster than Python asyncio" },
  { subject: "tsio", vs: "effection", max: 1 / 50, text: "≥ 50x faster than Effection" },
  effectTarget(),
];
/**
 * Every workload, in the order the table shows them.
 *
 * @example
 * ```ts
 * for (const spec of WORKLOADS) console.log(spec.name, spec.n);
 * ```
 */
/** Both toThread workloads share the overhead target against raw piscina. */
const TOTHREAD_TARGETS: Target[] = [
  { subject: "tsio", vs: "piscina", max: 1.2, text: "toThread ≤ 1.2x raw piscina" },
  { subject: "tsio-module", vs: "piscina", max: 1.2, text: "threadModule ≤ 1.2x raw piscina" },
];

export const WORKLOADS: readonly WorkloadSpec[] = [
  {
    name: "spawn-await",
    what: "spawn n trivial tasks, then wait for all of them",
    unit: "task",
    n: 200_000,
    quickN: 20_000,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "createTask × n, then gather" },
      { name: "promise", runtime: "node", label: "Promise.all over n async function calls" },
      { name: "promise-als", runtime: "node", label: "the same, inside an AsyncLocalStorage context (Node 20's promise-hook tax)" },
      { name: "effection", runtime: "node", label: "Effection spawn × n, then yield* each task", maxN: EFFECTION_MAX_N },
      EFFECT("Effect.forkChild × n, then Fiber.join each"),
      PY,
    ],
    targets: fastTargets(2, "≤ 2x plain Promises"),
  },
  {
    name: "gather-sleep0",
    what: "gather n sleep(0) at once",
    unit: "sleep",
    n: 200_000,
    quickN: 20_000,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "gather of n sleep(0) futures" },
      { name: "promise", runtime: "node", label: "Promise.all of n setImmediate promises" },
      { name: "effection", runtime: "node", label: "Effection all() of n sleep(0)", maxN: EFFECTION_MAX_N },
      EFFECT("Effect.all of n Effect.sleep(0), unbounded concurrency"),
      PY,
    ],
    targets: fastTargets(0.7, "≤ 0.7x plain Promises (no worse than before)"),
  },
  {
    name: "sleep-loop",
    what: "one task awaiting sleep(0) n times in a row",
    unit: "sleep",
    n: 500_000,
    quickN: 50_000,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "await sleep(0) in a loop, in one task" },
      { name: "promise", runtime: "node", label: "await a setImmediate promise in a loop" },
      PY,
    ],
    targets: [],
  },
  {
    name: "queue-pingpong",
    what: "a producer puts n items through a queue of maxsize 1 to a consumer",
    unit: "item",
    n: 200_000,
    quickN: 20_000,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "@tsio/sync Queue({ maxsize: 1 }), two tasks", needs: SYNC },
      { name: "promise", runtime: "node", label: "hand-rolled bounded channel over Promises" },
      EFFECT("Queue.bounded(1), producer and consumer fibers"),
      PY,
    ],
    targets: [
      { subject: "tsio", vs: "python", max: 0.04, text: "≤ 0.04x Python asyncio (no worse than before)" },
      effectTarget(),
    ],
  },
  {
    name: "lock-contended",
    what: "1,000 tasks take turns on one lock, each yielding once while holding it; n acquisitions in all",
    unit: "acquire",
    n: 100_000,
    quickN: 10_000,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "@tsio/sync Lock, sleep(0) inside", needs: SYNC },
      { name: "promise", runtime: "node", label: "hand-rolled FIFO mutex, setImmediate inside" },
      { name: "promise-als", runtime: "node", label: "the same, inside an AsyncLocalStorage context (Node 20's promise-hook tax)" },
      {
        name: "floor-als",
        runtime: "node",
        label: "no lock, no tasks: two bare loop iterations per acquisition (microtask hop + nextTick + one resumption), in an AsyncLocalStorage context",
      },
      { ...EFFECT("one-permit Semaphore, withPermit around Effect.sleep(0), 1,000 fibers"), maxN: EFFECT_LOCK_MAX_N },
      PY,
    ],
    // Two bare loop iterations per acquisition are the floor (they cost more than a tenth of
    // Python's acquisition, so the old "10x faster than Python" bar is retired).
    targets: [{ subject: "tsio", vs: "floor-als", max: 1.5, text: "≤ 1.5x two bare loop iterations" }, effectTarget()],
  },
  {
    name: "channel-pingpong",
    what: "a producer sends n items through a channel (buffer 0 and 1) to a consumer, next to Queue({ maxsize: 1 })",
    unit: "item",
    n: 200_000,
    quickN: 20_000,
    metric: "wall",
    subject: "channel-1",
    impls: [
      { name: "channel-1", runtime: "node", label: "@tsio/sync openChannel(1), receive() n times", needs: SYNC },
      { name: "channel-0", runtime: "node", label: "@tsio/sync openChannel(0): a rendezvous per item", needs: SYNC },
      { name: "queue", runtime: "node", label: "@tsio/sync Queue({ maxsize: 1 }), get() n times (as queue-pingpong)", needs: SYNC },
      { name: "channel-1-for-await", runtime: "node", label: "openChannel(1), for await over the receive half", needs: SYNC },
      { name: "queue-for-await", runtime: "node", label: "Queue({ maxsize: 1 }), for await over the queue", needs: SYNC },
    ],
    targets: [
      { subject: "channel-1", vs: "queue", max: 1.2, text: "channel at buffer 1 ≤ 1.2x Queue" },
      { subject: "channel-0", vs: "queue", max: 1.2, text: "channel at buffer 0 ≤ 1.2x Queue" },
      { subject: "channel-1-for-await", vs: "queue-for-await", max: 1.2, text: "for await: channel ≤ 1.2x Queue" },
    ],
  },
  {
    name: "limiter-contended",
    what: "1,000 tasks take turns on 10 tokens, each yielding once while holding one; n acquisitions in all",
    unit: "acquire",
    n: 100_000,
    quickN: 10_000,
    metric: "wall",
    subject: "limiter",
    impls: [
      { name: "limiter", runtime: "node", label: "@tsio/sync CapacityLimiter(10).run(() => sleep(0))", needs: SYNC },
      { name: "semaphore", runtime: "node", label: "@tsio/sync Semaphore(10).run(() => sleep(0))", needs: SYNC },
    ],
    targets: [{ subject: "limiter", vs: "semaphore", max: 1.2, text: "CapacityLimiter ≤ 1.2x Semaphore" }],
  },
  {
    name: "timers-random",
    what: "n timers at random deadlines in 0–200 ms; CPU time per timer (wall time is bounded by 200 ms)",
    unit: "timer",
    n: 100_000,
    quickN: 10_000,
    metric: "cpu",
    repeats: 5,
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "loop.callLater × n" },
      { name: "tsio-sleep", runtime: "node", label: "gather of n sleep(ms) futures" },
      { name: "settimeout", runtime: "node", label: "native setTimeout × n" },
      EFFECT("Effect.sleep(ms) × n, forEach with unbounded concurrency"),
      PY,
    ],
    targets: [
      { subject: "tsio", vs: "settimeout", max: 1, text: "callLater ≤ native setTimeout (CPU per timer)" },
      { subject: "tsio-sleep", vs: "settimeout", max: 1, text: "sleep ≤ native setTimeout (CPU per timer)" },
      effectTarget("tsio-sleep"),
    ],
  },
  {
    name: "tothread-seq",
    what: "n toThread round trips of a trivial function, one after the other",
    unit: "call",
    n: 20_000,
    quickN: 2_000,
    metric: "wall",
    repeats: 5,
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "await toThread(fn, i) on a 2-thread pool", needs: THREAD },
      { name: "tsio-module", runtime: "node", label: "await threadModule(url).echo(i) on a 2-thread pool", needs: THREAD },
      { name: "piscina", runtime: "node", label: "await piscina.run(i) on a 2-thread pool" },
    ],
    targets: TOTHREAD_TARGETS,
  },
  {
    name: "tothread-concurrent",
    what: "n toThread round trips of a trivial function, all in flight at once",
    unit: "call",
    n: 20_000,
    quickN: 2_000,
    metric: "wall",
    repeats: 5,
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "gather of n toThread(fn, i) on a 2-thread pool", needs: THREAD },
      { name: "tsio-module", runtime: "node", label: "gather of n threadModule(url).echo(i)", needs: THREAD },
      { name: "piscina", runtime: "node", label: "Promise.all of n piscina.run(i)" },
    ],
    targets: TOTHREAD_TARGETS,
  },
  {
    name: "cpu-batch",
    what: "n CPU-bound jobs (~20 ms each) across a 2-thread pool vs one after the other on the loop",
    unit: "job",
    n: 24,
    quickN: 6,
    metric: "wall",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "gather of n toThread jobs on a 2-thread pool", needs: THREAD },
      { name: "serial", runtime: "node", label: "the same jobs called in turn on the loop" },
      { name: "piscina", runtime: "node", label: "Promise.all of n piscina jobs on a 2-thread pool" },
    ],
    targets: [{ subject: "tsio", vs: "serial", max: 0.55, text: "≤ 0.55x serial on 2 cores (no worse than before)" }],
    wallOnly: true,
  },
  {
    name: "bullmq-roundtrip",
    what: "n round trips of a trivial job through BullMQ on a local redis-server to one worker process, one after the other",
    unit: "job",
    n: 2_000,
    quickN: 300,
    metric: "wall",
    repeats: 3,
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "await threadModule(\"echo\", { executor: BullExecutor }).echo(i), tsio-worker", needs: BULLMQ, requires: "redis-server" },
      { name: "bullmq", runtime: "node", label: "await (await queue.add()).waitUntilFinished(queueEvents), raw BullMQ Worker", requires: "redis-server" },
    ],
    targets: [{ subject: "tsio", vs: "bullmq", max: 1.1, text: "BullExecutor ≤ 1.1x raw BullMQ" }],
    wallOnly: true,
  },
  {
    name: "bullmq-concurrent",
    what: "n jobs in flight at once through BullMQ on a local redis-server, across two worker processes (100 jobs at once each)",
    unit: "job",
    n: 1_000,
    quickN: 1_000,
    metric: "wall",
    repeats: 3,
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "gather of n BullExecutor jobs, two tsio-worker processes", needs: BULLMQ, requires: "redis-server" },
      { name: "bullmq", runtime: "node", label: "Promise.all of n queue.add + waitUntilFinished, two raw BullMQ Workers", requires: "redis-server" },
    ],
    targets: [],
    wallOnly: true,
  },
  {
    name: "memory-sleeping",
    what: "heap bytes held per pending task, with n tasks asleep",
    unit: "task",
    n: 1_000_000,
    quickN: 100_000,
    metric: "heap",
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "n tasks awaiting sleep(1 h)" },
      { name: "promise", runtime: "node", label: "n async functions awaiting a setTimeout(1 h) promise" },
      { ...PY, label: "n asyncio tasks in sleep(3600) (RSS growth, not heap)" },
    ],
    targets: [],
    limit: { max: 1024, text: "≤ 1 KB of heap per pending task" },
    warmup: false,
    // Heap per task comes out the same to the byte on every run; Python's million tasks take ~15 s.
    repeats: 1,
  },
  {
    name: "http",
    what: `a loopback JSON server whose handler awaits one 1 ms timer, under autocannon (${HTTP_CONNECTIONS} connections) for n seconds`,
    unit: "second of load",
    n: 5,
    quickN: 2,
    maxN: 30,
    metric: "rps",
    extraMetrics: ["p50", "p99"],
    subject: "tsio",
    impls: [
      { name: "tsio", runtime: "node", label: "a task per request (Runner#createTask), timeout() around the handler, the task's signal passed on" },
      { name: "plain", runtime: "node", label: "plain node:http, an async handler awaiting timers/promises setTimeout(1)" },
      EFFECT("Effect.runPromise per request of Effect.sleep(1) with Effect.timeout"),
    ],
    targets: [
      { subject: "tsio", vs: "plain", min: 0.9, text: "requests/s ≥ 0.9x plain node:http" },
      { subject: "tsio", vs: "plain", metric: "p99", max: 1.2, text: "p99 latency ≤ 1.2x plain node:http" },
    ],
    wallOnly: true,
  },
];

/**
 * The workload called `name`, if there is one.
 *
 * @example
 * ```ts
 * findWorkload("sleep-loop")?.n; // 500000
 * ```
 */
export function findWorkload(name: string): WorkloadSpec | undefined {
  return WORKLOADS.find((spec) => spec.name === name);
}
