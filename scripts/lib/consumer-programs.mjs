/**
 * What a user of each package would write first: a smoke program run with Node (ESM) and a small
 * typed consumer checked by tsc. They use only the public API, so a missing export, a wrong
 * `exports` condition or a declaration that does not resolve shows up here as it would for a user.
 * A package without an entry here (a test fixture) gets the generic checks only.
 */

/** @type {Record<string, { smoke: string, consumer: string, extraInstall?: (root: Record<string, any>) => string[] }>} */
export const CONSUMER_PROGRAMS = {
  "@tsio/loop": {
    smoke: `
import assert from "node:assert/strict";
import { CancelledError, EventLoop } from "@tsio/loop";

const loop = new EventLoop();
const order = [];
const done = loop.createFuture();
loop.callLater(5, () => {
  order.push("later");
  done.setResult(42);
});
loop.callSoon(() => order.push("soon"));
assert.equal(await loop.runUntilComplete(done), 42);
assert.deepEqual(order, ["soon", "later"]);
const cancelled = loop.createFuture();
cancelled.cancel("stop");
assert.ok(cancelled.cancelled());
assert.throws(() => cancelled.result(), CancelledError);
loop.close();
console.log("loop ok");
`,
    consumer: `
import { CancelledError, EventLoop, type Future, getRunningLoop } from "@tsio/loop";

const loop = new EventLoop();
const future: Future<number> = loop.createFuture<number>();
loop.callSoon(() => future.setResult(getRunningLoop().time()));
export const value: Promise<number> = loop.runUntilComplete(future);
export const isCancel = (err: unknown): boolean => err instanceof CancelledError;
`,
  },

  "@tsio/tasks": {
    smoke: `
import assert from "node:assert/strict";
import { CancelledError, createTask, gather, run, sleep, TimeoutError, waitFor } from "@tsio/tasks";

const result = await run(async () => {
  const slow = createTask(async () => {
    await sleep(10);
    return "slow";
  }, { name: "slow" });
  const fast = createTask(async () => {
    await sleep(1);
    return "fast";
  });
  const both = await gather(slow, fast);
  const hang = createTask(() => sleep(60_000));
  await sleep(0);
  hang.cancel();
  await assert.rejects(hang, CancelledError);
  await assert.rejects(waitFor(sleep(60_000), 5), TimeoutError);
  return both;
});
assert.deepEqual(result, ["slow", "fast"]);
console.log("tasks ok");
`,
    consumer: `
import { createTask, gather, run, sleep, type Task } from "@tsio/tasks";

export const result: Promise<number> = run(async () => {
  const a: Task<number> = createTask(async () => {
    await sleep(1);
    return 1;
  });
  const [n, text] = await gather(a, sleep(1, "two"));
  const count: number = n;
  const label: string = text;
  return count + label.length;
});
`,
  },

  "@tsio/sync": {
    smoke: `
import assert from "node:assert/strict";
import { EventLoop } from "@tsio/loop";
import { Lock, Queue, QueueEmpty } from "@tsio/sync";

// @tsio/sync needs only the kernel: a Queue round trip driven by plain loop callbacks.
const loop = new EventLoop();
const queue = new Queue();
const lock = new Lock();
const done = loop.createFuture();
const received = [];
loop.callSoon(async () => {
  try {
    await lock.acquire();
    for (let i = 0; i < 3; i++) received.push(await queue.get());
    lock.release();
    done.setResult(received);
  } catch (err) {
    done.setException(err);
  }
});
loop.callLater(2, () => {
  for (const item of ["a", "b", "c"]) queue.putNowait(item);
});
assert.deepEqual(await loop.runUntilComplete(done), ["a", "b", "c"]);
assert.equal(lock.locked(), false);
assert.throws(() => queue.getNowait(), QueueEmpty);
loop.close();
console.log("sync ok");
`,
    consumer: `
import { Event, Lock, PriorityQueue, Queue, Semaphore } from "@tsio/sync";

const queue = new Queue<number>({ maxsize: 2 });
export const next: Promise<number> = queue.get();
queue.putNowait(1);
export const size: number = queue.qsize();
export const lock = new Lock();
export const event = new Event();
export const semaphore = new Semaphore(2);
export const jobs = new PriorityQueue<[number, string]>();
`,
  },

  "@tsio/thread": {
    smoke: `
import assert from "node:assert/strict";
import { EventLoop } from "@tsio/loop";
import { toThread } from "@tsio/thread";

const loop = new EventLoop();
const done = loop.createFuture();
loop.callSoon(() => {
  toThread((a, b) => a * b, 6, 7).then(
    (value) => done.setResult(value),
    (err) => done.setException(err),
  );
});
assert.equal(await loop.runUntilComplete(done), 42);
// The default pool is closed by a loop shutdown hook; the process must then exit on its own.
await loop.runShutdownHooks();
loop.close();
console.log("thread ok");
`,
    consumer: `
import type { Future } from "@tsio/loop";
import { ThreadPool, toThread } from "@tsio/thread";

export const product: Future<number> = toThread((a: number, b: number) => a * b, 6, 7);
export const makePool = (): ThreadPool => new ThreadPool({ maxThreads: 2 });
`,
  },

  "@tsio/bullmq": {
    // No Redis here: what a user meets before connecting (the payload check, the refusals at the
    // call, the worker's option checks). The Redis round trip is tested in packages/bullmq.
    smoke: `
import assert from "node:assert/strict";
import { checkJson, JsonPayloadError, NamedJobsOnlyError, RemoteJobError, serveJobs } from "@tsio/bullmq";

checkJson(["a.png", { width: 100 }], "args");
assert.throws(() => checkJson([new Map()], "args"), JsonPayloadError);
assert.equal(new NamedJobsOnlyError("x").name, "NamedJobsOnlyError");
assert.equal(new RemoteJobError({ name: "TypeError", message: "m", stack: "" }, "1").remoteName, "TypeError");
await assert.rejects(serveJobs({ queueName: "q", connection: {}, modules: {} }), /modules is empty/);
console.log("bullmq ok");
`,
    consumer: `
import { BullExecutor, type BullExecutorOptions, type JobServer, serveJobs } from "@tsio/bullmq";
import { threadModule } from "@tsio/thread";

const options: BullExecutorOptions = { queueName: "images", connection: { host: "127.0.0.1", port: 6379 } };
export const makeExecutor = (): BullExecutor => new BullExecutor(options);
export const images = (executor: BullExecutor) => threadModule<{ resize(path: string, width: number): { width: number } }>("images", { executor });
export const serve = (): Promise<JobServer> => serveJobs({ ...options, modules: { images: "./images.js" }, concurrency: 2 });
`,
  },

  "@tsio/testing": {
    smoke: `
import assert from "node:assert/strict";
import { gather, sleep } from "@tsio/tasks";
import { runVirtual, VirtualClock } from "@tsio/testing";

const clock = new VirtualClock();
const started = performance.now();
const at = await runVirtual(async () => {
  await gather(sleep(60_000), sleep(30_000));
  return clock.now();
}, { clock });
assert.equal(at, 60_000);
assert.ok(performance.now() - started < 10_000, "virtual time must not sleep for real");
const { loopTest } = await import("@tsio/testing/vitest");
assert.equal(typeof loopTest, "function");
console.log("testing ok");
`,
    consumer: `
import { sleep } from "@tsio/tasks";
import { runVirtual, VirtualClock } from "@tsio/testing";
import { loopTest } from "@tsio/testing/vitest";

const clock = new VirtualClock();
export const at: Promise<number> = runVirtual(async () => {
  await sleep(1000);
  return clock.now();
}, { clock });
export const registers: typeof loopTest = loopTest;
`,
    // The ./vitest entry imports vitest, an optional peer: a user of that entry installs it.
    extraInstall: (root) => [`vitest@${root.devDependencies.vitest}`],
  },

  tsio: {
    smoke: `
import assert from "node:assert/strict";
import { createTask, gather, Lock, Queue, run, sleep, toThread } from "tsio";

const result = await run(async () => {
  const queue = new Queue();
  const lock = new Lock();
  const producer = createTask(async () => {
    for (let i = 1; i <= 3; i++) {
      await sleep(1);
      await queue.put(i);
    }
  });
  const consumer = createTask(async () => {
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += await queue.get();
    return sum;
  });
  const [, sum] = await gather(producer, consumer);
  await lock.acquire();
  const squared = await toThread((n) => n * n, sum);
  lock.release();
  return squared;
});
assert.equal(result, 36);
console.log("tsio ok");
`,
    consumer: `
import { createTask, EventLoop, gather, Queue, run, toThread } from "tsio";

export const loop = new EventLoop();
export const result: Promise<number> = run(async () => {
  const queue = new Queue<number>();
  const task = createTask(() => queue.get());
  queue.putNowait(3);
  const [n] = await gather(task);
  return toThread((x: number) => x * 2, n);
});
`,
  },
};

/**
 * The generic consumer: import every entry point, so that its types must resolve.
 *
 * @param {string[]} specifiers
 */
export function genericConsumer(specifiers) {
  const lines = specifiers.map((spec, i) => `import * as entry${i} from ${JSON.stringify(spec)};`);
  lines.push(`export const entries: object[] = [${specifiers.map((_, i) => `entry${i}`).join(", ")}];`);
  return `${lines.join("\n")}\n`;
}

/**
 * The ESM check: imports every entry in a fresh process and prints its export names.
 *
 * @param {string[]} specifiers
 */
export function esmCheck(specifiers) {
  return `const names = {};
for (const spec of ${JSON.stringify(specifiers)}) {
  const ns = await import(spec);
  names[spec] = Object.keys(ns).sort();
  if (names[spec].length === 0) throw new Error(spec + " exports nothing");
  for (const key of names[spec]) if (ns[key] === undefined) throw new Error(spec + ": export " + key + " is undefined");
}
console.log(JSON.stringify(names));
`;
}

/**
 * The CommonJS check: loads every entry with require() (Node >= 20.19 loads ES modules without
 * top-level await this way) and prints its export names, to compare with the ESM check's.
 *
 * @param {string[]} specifiers
 */
export function requireCheck(specifiers) {
  return `"use strict";
const names = {};
for (const spec of ${JSON.stringify(specifiers)}) {
  const ns = require(spec);
  names[spec] = Object.keys(ns).filter((k) => k !== "__esModule" && k !== "module.exports").sort();
}
console.log(JSON.stringify(names));
`;
}

/**
 * A CommonJS TypeScript consumer (`.cts`) of every entry point. tsio ships ES modules only. Under
 * `module: node16` a CommonJS file may not `import` them (TS1479), so it takes the types with a
 * type-only import marked `resolution-mode: import` and the values with `await import()`, as the
 * umbrella README tells CommonJS users to. Under `nodenext`, TypeScript (>= 5.8) models Node's
 * `require()` of ES modules (Node >= 20.19), so a plain `import` compiles to a working `require`.
 *
 * @param {string[]} specifiers
 * @param {"node16" | "nodenext"} resolution
 */
export function commonJsConsumer(specifiers, resolution) {
  const names = specifiers.map((_, i) => `entry${i}`);
  if (resolution === "nodenext") {
    const lines = specifiers.map((spec, i) => `import * as ${names[i]} from ${JSON.stringify(spec)};`);
    lines.push(`export const entries: object[] = [${names.join(", ")}];`);
    return `${lines.join("\n")}\n`;
  }
  const lines = specifiers.map(
    (spec, i) => `import type * as ${names[i]} from ${JSON.stringify(spec)} with { "resolution-mode": "import" };`,
  );
  lines.push(
    `export async function load(): Promise<[${names.map((n) => `typeof ${n}`).join(", ")}]> {`,
    `  return Promise.all([${specifiers.map((spec) => `import(${JSON.stringify(spec)})`).join(", ")}]);`,
    "}",
  );
  return `${lines.join("\n")}\n`;
}
