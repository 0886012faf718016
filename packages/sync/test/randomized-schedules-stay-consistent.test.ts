import { CancelledError } from "@tsio/loop";
import { createTask, currentTask, run, sleep, type Task } from "@tsio/tasks";
import { expect, test } from "vitest";
import { Condition, LifoQueue, Lock, PriorityQueue, Queue, QueueShutDown, Semaphore } from "../src/index.js";
import { prng } from "./helpers/prng.js";

/**
 * Thousands of small random schedules of producers, consumers and lock, semaphore and condition
 * users, with tasks cancelled at random points. Each schedule is deterministic given its seed (the
 * loop is, and only sleep(0) is used), so a failure names the seed that reproduces it:
 * `TSIO_SEED=<seed> npx vitest run randomized`. TSIO_SCHEDULES changes how many run.
 */

const STREAK = 10;
const SCHEDULES = Number(process.env.TSIO_SCHEDULES ?? 2000);
const SEED = process.env.TSIO_SEED !== undefined ? Number(process.env.TSIO_SEED) : (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;


/** Runs one schedule and returns the problems it found (empty when all invariants held). */
async function schedule(seed: number): Promise<string[]> {
  const random = prng(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const chance = (p: number): boolean => random() < p;
  const problems: string[] = [];

  const maxsize = int(4);
  const kind = int(3);
  const queue: Queue<number> =
    kind === 0
      ? new Queue({ maxsize })
      : kind === 1
        ? new LifoQueue({ maxsize })
        : new PriorityQueue({ maxsize });
  const lock = new Lock();
  const permits = 1 + int(2);
  const sem = new Semaphore(permits);
  const cond = new Condition();

  const attempted = new Set<number>();
  const putOk = new Set<number>();
  const putFailed = new Set<number>();
  const got: number[] = [];
  let lockHolder: Task<unknown> | null = null;
  let semHolders = 0;
  let tokens = 0;
  let stop = false;
  const workers: Task<unknown>[] = [];

  // Sometimes a task asks to cancel itself just before an operation, so the request lands on the
  // operation's own await, possibly after the operation was already handed its wake-up.
  const maybeSelfCancel = (): void => {
    if (chance(0.05)) currentTask()?.cancel();
  };
  const pause = async (): Promise<void> => {
    const n = int(3);
    for (let i = 0; i < n; i++) await sleep(0);
  };

  const producers = 1 + int(3);
  for (let p = 0; p < producers; p++) {
    const items = 1 + int(8);
    workers.push(
      createTask(async () => {
        for (let k = 0; k < items; k++) {
          const item = p * 100 + k;
          attempted.add(item);
          maybeSelfCancel();
          try {
            if (chance(0.2) && !queue.full()) queue.putNowait(item);
            else await queue.put(item);
          } catch (err) {
            putFailed.add(item);
            if (err instanceof QueueShutDown) return; // a producer still blocked at the end
            throw err;
          }
          putOk.add(item);
          await pause();
        }
      }),
    );
  }
  const producerTasks = workers.slice();

  const consumers = 1 + int(3);
  for (let c = 0; c < consumers; c++) {
    workers.push(
      createTask(async () => {
        maybeSelfCancel();
        for await (const item of queue) {
          got.push(item);
          try {
            await pause();
          } finally {
            queue.taskDone();
          }
          maybeSelfCancel();
        }
      }),
    );
  }

  const lockUsers = int(4);
  for (let u = 0; u < lockUsers; u++) {
    workers.push(
      createTask(async () => {
        const me = currentTask();
        for (let round = 0; round < 3; round++) {
          maybeSelfCancel();
          const body = async (): Promise<void> => {
            if (lockHolder !== null) problems.push(`lock: entered while held by ${lockHolder.getName()}`);
            lockHolder = me;
            try {
              await pause();
              if (lockHolder !== me) problems.push("lock: holder changed inside the critical section");
            } finally {
              lockHolder = null;
            }
          };
          const style = int(3);
          if (style === 0) await lock.run(body);
          else if (style === 1) {
            await using _held = await lock.acquire();
            await body();
          } else {
            await lock.acquire();
            try {
              await body();
            } finally {
              lock.release();
            }
          }
          await pause();
        }
      }),
    );
  }

  const semUsers = int(4);
  for (let u = 0; u < semUsers; u++) {
    workers.push(
      createTask(async () => {
        for (let round = 0; round < 3; round++) {
          maybeSelfCancel();
          await sem.run(async () => {
            if (++semHolders > permits) problems.push(`semaphore: ${semHolders} holders of ${permits} permits`);
            try {
              await pause();
            } finally {
              semHolders--;
            }
          });
          await pause();
        }
      }),
    );
  }

  // Condition users pass tokens: every token added is announced with a notification, and each
  // waiter takes one. A notification lost to a cancelled waiter shows up as a token nobody takes.
  const condWaiters = int(4);
  for (let w = 0; w < condWaiters; w++) {
    workers.push(
      createTask(async () => {
        for (let round = 0; round < 2; round++) {
          maybeSelfCancel();
          await cond.run(async () => {
            await cond.waitFor(() => tokens > 0 || stop);
            if (!cond.locked()) problems.push("condition: waitFor returned without the lock");
            if (tokens > 0) tokens--;
          });
        }
      }),
    );
  }
  if (condWaiters > 0) {
    workers.push(
      createTask(async () => {
        for (let i = 0; i < 4; i++) {
          await pause();
          await cond.run(async () => {
            const added = 1 + int(2);
            tokens += added;
            if (chance(0.7)) cond.notify(added);
            else cond.notifyAll();
            // Holding the lock a little makes notified waiters queue to re-acquire it, where a
            // cancellation must not swallow their notification.
            await pause();
          });
        }
      }),
    );
  }

  // The monitor: a waiter that could go on but stays queued for many iterations was forgotten.
  // (A woken queue waiter legitimately leaves the next one queued until it resumes, hence the streak.)
  const forgotten = (): [string, object] | null => {
    if (lock._waiters._head !== null && !lock.locked()) return ["a lock waiter while the lock is free", lock._waiters._head];
    if (sem._waiters._head !== null && sem._value > 0) return ["a semaphore waiter while permits are free", sem._waiters._head];
    if (queue._putters._head !== null && !queue.full()) return ["a putter while the queue has room", queue._putters._head];
    if (queue._getters._head !== null && !queue.empty()) return ["a getter while the queue has items", queue._getters._head];
    if (cond._waiters._head !== null && tokens > 0 && !cond.locked()) {
      return ["a condition waiter while a token is unclaimed", cond._waiters._head];
    }
    return null;
  };
  let monitoring = true;
  const monitor = createTask(async () => {
    let streak = 0;
    let last: object | null = null;
    while (monitoring) {
      await sleep(0);
      const found = forgotten();
      const what = found?.[0];
      // The same waiter stuck at the head of its line, iteration after iteration.
      streak = found !== null && found[1] === last ? streak + 1 : 0;
      last = found?.[1] ?? null;
      if (streak === STREAK) problems.push(`forgotten for ${STREAK} iterations: ${what}`);
    }
  });

  // The canceller: cancels random workers at random points while the schedule runs.
  const cancelRate = random() * 0.3;
  let cancelling = true;
  const canceller = createTask(async () => {
    while (cancelling) {
      await sleep(0);
      if (chance(cancelRate)) workers[int(workers.length)]!.cancel();
    }
  });

  // Producers finish, unless every consumer was cancelled and the queue stays full.
  const consumerTasks = workers.slice(producers, producers + consumers);
  for (let i = 0; producerTasks.some((task) => !task.done()); i++) {
    if (consumerTasks.every((task) => task.done())) break;
    if (i === 5000) {
      problems.push("producers did not finish while consumers were running");
      break;
    }
    await sleep(0);
  }
  for (let i = 0; i < int(6); i++) await sleep(0);
  cancelling = false;
  await canceller;
  // A quiet stretch before shutdown (which wakes everyone) gives the monitor time to see a
  // forgotten waiter.
  for (let i = 0; i < 30; i++) await sleep(0);
  queue.shutdown();
  await cond.run(() => {
    stop = true;
    cond.notifyAll();
  });

  // No waiter waits forever: everything settles within a bounded number of iterations.
  for (let i = 0; i < 500 && workers.some((task) => !task.done()); i++) await sleep(0);
  monitoring = false;
  await monitor;
  const stuck = workers.filter((task) => !task.done());
  if (stuck.length > 0) problems.push(`waits forever: ${stuck.map((task) => task.getName()).join(", ")}`);
  for (const task of workers) {
    if (task.done() && !task.cancelled()) {
      const error = task.exception();
      if (error !== undefined && !(error instanceof CancelledError)) problems.push(`task failed: ${String(error)}`);
    }
  }

  // Every item put is got exactly once or is still in the queue; a cancelled put left nothing.
  const remaining: number[] = [];
  for (;;) {
    try {
      remaining.push(queue.getNowait());
      queue.taskDone();
    } catch (err) {
      if (!(err instanceof QueueShutDown)) problems.push(`getNowait after shutdown: ${String(err)}`);
      break;
    }
  }
  const seen = new Map<number, number>();
  for (const item of [...got, ...remaining]) seen.set(item, (seen.get(item) ?? 0) + 1);
  for (const [item, times] of seen) {
    if (times !== 1) problems.push(`item ${item} seen ${times} times`);
    if (!putOk.has(item)) problems.push(`item ${item} appeared but its put ${putFailed.has(item) ? "failed" : "never returned"}`);
  }
  for (const item of putOk) if (!seen.has(item)) problems.push(`item ${item} was put and then lost`);
  for (const item of attempted) {
    if (!putOk.has(item) && !putFailed.has(item)) problems.push(`put of ${item} neither returned nor failed`);
  }
  if (queue._unfinished !== 0) problems.push(`queue: ${queue._unfinished} unfinished after every item was marked done`);
  if (queue._getters.size + queue._putters.size > 0) problems.push("queue: waiters left behind");

  // No lock or permit is held by a finished task.
  if (lock.locked()) problems.push("lock still held after every user finished");
  if (lock._waiters.size > 0) problems.push("lock: waiters left behind");
  if (sem._value !== permits) problems.push(`semaphore: ${sem._value} of ${permits} permits free at the end`);
  if (cond.locked()) problems.push("condition lock still held after every user finished");
  if (cond._waiters.size > 0) problems.push("condition: waiters left behind");
  return problems;
}

test("random schedules with cancellations lose no item, leak no lock and leave no waiter behind", async () => {
  console.log(`randomized sync schedules: seed=${SEED} (reproduce with TSIO_SEED=${SEED}), ${SCHEDULES} schedules`);
  const seeds = prng(SEED);
  for (let i = 0; i < SCHEDULES; i++) {
    const scheduleSeed = Math.floor(seeds() * 2 ** 32);
    const problems = await run(() => schedule(scheduleSeed), { handleSigint: false });
    expect(problems, `schedule ${i} (seed ${scheduleSeed}, run seed ${SEED})`).toEqual([]);
  }
}, 120_000);
