import { gather, Queue, setTaskObserver, sleep, type Task, TimeoutError, taskGroup, timeout, waitFor } from "tsio";

/** What one wave did. */
export interface WaveStats {
  /** Tasks created, every kind counted (the ones gather and waitFor start for functions too). */
  tasks: number;
  /** waitFor() calls that timed out (their inner task was cancelled). */
  timeouts: number;
  /** gathers that failed and cancelled their other children. */
  failedGathers: number;
  /** Items that went through the queue. */
  items: number;
}

export interface WaveOptions {
  /** Top-level jobs per gather (each starts one to three tasks). Default 1000. */
  readonly batch?: number;
  /** Test hook: every task created is pushed here, a deliberate leak the heap check must catch. */
  readonly retain?: Task<unknown>[];
}

const failure = new Error("one child of the gather fails; the other is cancelled");

/**
 * Churns at least `tasks` tasks through the kinds of work a server does, in gathers of `batch`
 * jobs: queue round trips (bounded queue, so putters wait), waitFor() that times out and cancels
 * its task, waitFor() that completes in time, timeout() scopes around small task groups, and
 * gathers where one child fails and the other is cancelled. Must run inside a task on a real loop.
 */
export async function churnWave(tasks: number, options: WaveOptions = {}): Promise<WaveStats> {
  const batch = options.batch ?? 1000;
  const retain = options.retain;
  const stats: WaveStats = { tasks: 0, timeouts: 0, failedGathers: 0, items: 0 };
  const previous = setTaskObserver({
    created: (task) => {
      stats.tasks++;
      retain?.push(task);
    },
  });
  const queue = new Queue<number>({ maxsize: 64 });
  try {
    while (stats.tasks < tasks) {
      const jobs: Array<() => Promise<unknown>> = [];
      for (let i = 0; i < batch; i++) {
        switch (i % 5) {
          case 0:
            jobs.push(async () => {
              await queue.put(i);
              await queue.get();
              stats.items++;
            });
            break;
          case 1:
            jobs.push(() =>
              waitFor(() => sleep(5), 1).catch((err: unknown) => {
                if (!(err instanceof TimeoutError)) throw err;
                stats.timeouts++;
              }),
            );
            break;
          case 2:
            jobs.push(() => waitFor(() => sleep(0, i), 1000));
            break;
          case 3:
            jobs.push(() =>
              timeout(1000, () =>
                taskGroup(async (group) => {
                  group.createTask(() => sleep(0, 1));
                  group.createTask(() => sleep(1, 2));
                }),
              ),
            );
            break;
          default:
            jobs.push(() =>
              gather(
                async () => {
                  await sleep(0);
                  throw failure;
                },
                () => sleep(20),
              ).catch((err: unknown) => {
                if (err !== failure) throw err;
                stats.failedGathers++;
              }),
            );
        }
      }
      await gather(jobs);
    }
  } finally {
    setTaskObserver(previous);
  }
  return stats;
}
