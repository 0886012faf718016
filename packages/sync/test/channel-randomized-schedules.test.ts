import { createTask, currentTask, sleep, type Task } from "@tsio/tasks";
import { test } from "vitest";
import { ClosedResourceError, EndOfChannel, openChannel, type ReceiveChannel, type SendChannel, WouldBlock } from "../src/index.js";
import { prng } from "./helpers/prng.js";
import { runSchedules, unsettled } from "./helpers/schedules.js";

/**
 * Thousands of small random schedules of producers and consumers on one channel (buffer 0 to 3),
 * each with its own clone, with tasks cancelled and consumer halves closed at random points.
 * Deterministic per seed: `TSIO_SEED=<seed> npx vitest run channel-randomized`. TSIO_SCHEDULES
 * changes how many run.
 */

const STREAK = 10;

async function schedule(seed: number): Promise<string[]> {
  const random = prng(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const chance = (p: number): boolean => random() < p;
  const problems: string[] = [];

  const bufferSize = int(4);
  const [send, receive] = openChannel<number>(bufferSize);
  // The test keeps one receive half open to the end, so nothing sent is ever dropped: every item
  // must be received once or still be buffered.
  const drain = receive.clone();

  const attempted = new Set<number>();
  const sentOk = new Set<number>();
  const sendFailed = new Set<number>();
  const got: number[] = [];
  const workers: Task<unknown>[] = [];

  const maybeSelfCancel = (): void => {
    if (chance(0.05)) currentTask()?.cancel();
  };
  const pause = async (): Promise<void> => {
    const n = int(3);
    for (let i = 0; i < n; i++) await sleep(0);
  };

  // The producers' halves stay open when they finish: the test closes them after a quiet stretch,
  // so a receiver that was not woken for an item that waits shows up as forgotten.
  const producers = 1 + int(3);
  const producerHalves: SendChannel<number>[] = [];
  for (let p = 0; p < producers; p++) {
    const items = 1 + int(8);
    const out = send.clone();
    producerHalves.push(out);
    workers.push(
      createTask(async () => {
        for (let k = 0; k < items; k++) {
          const item = p * 100 + k;
          attempted.add(item);
          maybeSelfCancel();
          try {
            if (chance(0.2)) {
              try {
                out.sendNowait(item);
              } catch (err) {
                if (!(err instanceof WouldBlock)) throw err;
                await out.send(item);
              }
            } else await out.send(item);
          } catch (err) {
            sendFailed.add(item);
            if (err instanceof ClosedResourceError && out.closed) return; // the canceller closed it
            throw err;
          }
          sentOk.add(item);
          await pause();
        }
      }),
    );
  }
  send.close();

  const consumers = 1 + int(3);
  const consumerHalves: ReceiveChannel<number>[] = [];
  for (let c = 0; c < consumers; c++) {
    const mine = receive.clone();
    consumerHalves.push(mine);
    workers.push(
      createTask(async () => {
        using _ = mine;
        maybeSelfCancel();
        try {
          if (chance(0.3)) {
            for (;;) {
              let item: number;
              try {
                item = chance(0.3) ? mine.receiveNowait() : await mine.receive();
              } catch (err) {
                if (err instanceof WouldBlock) {
                  await sleep(0);
                  continue;
                }
                if (err instanceof EndOfChannel) return;
                throw err;
              }
              got.push(item);
              await pause();
              maybeSelfCancel();
            }
          }
          for await (const item of mine) {
            got.push(item);
            await pause();
            maybeSelfCancel();
          }
        } catch (err) {
          // Another task closed this consumer's half under it.
          if (!(err instanceof ClosedResourceError && mine.closed)) throw err;
        }
      }),
    );
  }
  receive.close();

  // The monitor: a receiver queued while an item waits, or a sender queued while it could send,
  // iteration after iteration, was forgotten.
  const state = drain._state;
  let monitoring = true;
  const monitor = createTask(async () => {
    let streak = 0;
    let last: object | null = null;
    while (monitoring) {
      await sleep(0);
      const found =
        state.receivers._head !== null && state.items.size > 0
          ? state.receivers._head
          : state.senders._head !== null && state.canSend()
            ? state.senders._head
            : null;
      streak = found !== null && found === last ? streak + 1 : 0;
      last = found;
      if (streak === STREAK) problems.push(`a ${found === state.senders._head ? "sender" : "receiver"} forgotten for ${STREAK} iterations`);
    }
  });

  const cancelRate = random() * 0.3;
  const closeRate = random() * 0.05;
  let cancelling = true;
  const canceller = createTask(async () => {
    while (cancelling) {
      await sleep(0);
      if (chance(cancelRate)) workers[int(workers.length)]!.cancel();
      if (chance(closeRate)) consumerHalves[int(consumerHalves.length)]!.close();
      if (chance(closeRate / 2)) producerHalves[int(producerHalves.length)]!.close();
    }
  });

  // Producers end, unless every consumer was stopped and the buffer stays full: then the test's
  // own half drains it.
  const producerTasks = workers.slice(0, producers);
  const consumerTasks = workers.slice(producers);
  for (let i = 0; i < 5000 && producerTasks.some((t) => !t.done()); i++) {
    if (consumerTasks.every((t) => t.done())) {
      try {
        got.push(drain.receiveNowait());
      } catch (err) {
        if (!(err instanceof WouldBlock || err instanceof EndOfChannel)) problems.push(`drain: ${String(err)}`);
      }
    }
    await sleep(0);
  }
  cancelling = false;
  await canceller;
  // A quiet stretch before the end (which wakes everyone) gives the monitor time to see a
  // forgotten waiter.
  for (let i = 0; i < 30; i++) await sleep(0);
  for (const half of producerHalves) half.close();
  for (let i = 0; i < 500 && workers.some((task) => !task.done()); i++) await sleep(0);
  monitoring = false;
  await monitor;

  problems.push(...unsettled(workers));

  // Every send half is closed now: the drain half gets what is left, then EndOfChannel.
  const remaining: number[] = [];
  for (;;) {
    try {
      remaining.push(drain.receiveNowait());
    } catch (err) {
      if (!(err instanceof EndOfChannel)) problems.push(`drain after the end: ${String(err)}`);
      break;
    }
  }
  const seen = new Map<number, number>();
  for (const item of [...got, ...remaining]) seen.set(item, (seen.get(item) ?? 0) + 1);
  for (const [item, times] of seen) {
    if (times !== 1) problems.push(`item ${item} seen ${times} times`);
    if (!sentOk.has(item)) problems.push(`item ${item} arrived but its send ${sendFailed.has(item) ? "failed" : "never returned"}`);
  }
  for (const item of sentOk) if (!seen.has(item)) problems.push(`item ${item} was sent and then lost`);
  for (const item of attempted) {
    if (!sentOk.has(item) && !sendFailed.has(item)) problems.push(`send of ${item} neither returned nor failed`);
  }
  // Nothing left waiting after close.
  if (state.senders.size + state.receivers.size > 0) problems.push("waiters left behind");
  if (state.openSenders !== 0) problems.push(`${state.openSenders} send halves still open`);
  drain.close();
  if (state.openReceivers !== 0) problems.push(`${state.openReceivers} receive halves still open`);
  return problems;
}

test("random schedules with cancellations and closes lose no item, deliver each once and leave no waiter behind", async () => {
  await runSchedules("channel", schedule);
}, 120_000);
