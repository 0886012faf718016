import { createTask, currentTask, sleep, type Task } from "@tsio/tasks";
import { test } from "vitest";
import { CapacityLimiter, WouldBlock } from "../src/index.js";
import { prng } from "./helpers/prng.js";
import { runSchedules, unsettled } from "./helpers/schedules.js";

/**
 * Thousands of small random schedules of limiter users taking tokens in every form, with tasks
 * cancelled at random points and the total changed while tokens are out. Deterministic per seed:
 * `TSIO_SEED=<seed> npx vitest run capacity-limiter-randomized`. TSIO_SCHEDULES changes how many run.
 */

const STREAK = 10;

async function schedule(seed: number): Promise<string[]> {
  const random = prng(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const chance = (p: number): boolean => random() < p;
  const problems: string[] = [];

  const initial = 1 + int(3);
  const limiter = new CapacityLimiter(initial);
  const changesTotal = chance(0.5);
  let holders = 0;
  const workers: Task<unknown>[] = [];

  const pause = async (): Promise<void> => {
    const n = int(3);
    for (let i = 0; i < n; i++) await sleep(0);
  };
  const inside = async (): Promise<void> => {
    holders++;
    if (!changesTotal && holders > limiter.totalTokens) problems.push(`${holders} holders of ${limiter.totalTokens} tokens`);
    try {
      await pause();
    } finally {
      holders--;
    }
  };

  const users = 1 + int(6);
  for (let u = 0; u < users; u++) {
    workers.push(
      createTask(async () => {
        const me = currentTask()!;
        for (let round = 0; round < 3; round++) {
          // Sometimes a task asks to cancel itself just before it asks for a token, so the request
          // lands on the acquire's own await, possibly after a token was handed to it.
          if (chance(0.05)) me.cancel();
          const style = int(6);
          if (style === 0) await limiter.run(inside);
          else if (style === 1) {
            await using _ = await limiter.acquire();
            await inside();
          } else if (style === 2) {
            await limiter.acquire();
            try {
              await inside();
            } finally {
              limiter.release();
            }
          } else if (style === 3) {
            await limiter.acquireOnBehalfOf(me);
            try {
              await inside();
            } finally {
              limiter.releaseOnBehalfOf(me);
            }
          } else if (style === 4) {
            await using _ = await limiter.acquireOnBehalfOf({ user: u });
            await inside();
          } else {
            try {
              using _ = limiter.acquireNowait();
              await inside();
            } catch (err) {
              if (!(err instanceof WouldBlock)) throw err;
            }
          }
          await pause();
        }
      }),
    );
  }

  let changing = changesTotal;
  const changer = createTask(async () => {
    while (changing) {
      await pause();
      await sleep(0);
      if (chance(0.2)) limiter.totalTokens = 1 + int(4);
    }
  });

  // The monitor: a waiter that could take a free token but stays queued was forgotten, and the
  // tokens counted as borrowed must be exactly the ones users hold (plus hand-offs in flight).
  let monitoring = true;
  const monitor = createTask(async () => {
    let streak = 0;
    let last: object | null = null;
    let mismatch = 0;
    while (monitoring) {
      await sleep(0);
      const head = limiter._waiters._head;
      const forgotten = head !== null && limiter.borrowedTokens < limiter.totalTokens ? head : null;
      streak = forgotten !== null && forgotten === last ? streak + 1 : 0;
      last = forgotten;
      if (streak === STREAK) problems.push(`a waiter forgotten for ${STREAK} iterations while tokens are free`);
      // One loop iteration runs several task steps before their microtasks, so a user may have
      // its token a step before its code runs: only a mismatch that lasts is a leak.
      const held = limiter._borrowers.size + limiter._anonymous.size;
      mismatch = held !== holders ? mismatch + 1 : 0;
      if (mismatch === STREAK) problems.push(`${held} tokens borrowed but ${holders} users inside, for ${STREAK} iterations`);
    }
  });

  const cancelRate = random() * 0.3;
  let cancelling = true;
  const canceller = createTask(async () => {
    while (cancelling) {
      await sleep(0);
      if (chance(cancelRate)) workers[int(workers.length)]!.cancel();
    }
  });

  for (let i = 0; i < 3000 && workers.some((task) => !task.done()); i++) await sleep(0);
  cancelling = false;
  changing = false;
  await canceller;
  await changer;
  monitoring = false;
  await monitor;

  problems.push(...unsettled(workers));
  // No token lost or leaked: nothing borrowed, nothing reserved, nobody left in line.
  if (limiter.borrowedTokens !== 0) problems.push(`${limiter.borrowedTokens} tokens still borrowed at the end`);
  if (limiter._reserved !== 0) problems.push(`${limiter._reserved} hand-offs never settled`);
  if (limiter._waiters.size !== 0) problems.push("waiters left behind");
  if (limiter._waitingBorrowers.size !== 0) problems.push("waiting borrowers left behind");
  if (limiter.availableTokens !== limiter.totalTokens) problems.push("not every token is free at the end");
  return problems;
}

test("random schedules with cancellations and changing totals lose no token and leave no waiter behind", async () => {
  await runSchedules("limiter", schedule);
}, 120_000);
