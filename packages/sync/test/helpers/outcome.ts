import { CancelledError } from "@tsio/loop";
import { currentTask, sleep } from "@tsio/tasks";

/** How an awaitable ended, as a short string the tests can compare: "ok:<value>", "cancelled" or the error's name. */
export async function outcome(awaitable: PromiseLike<unknown>): Promise<string> {
  try {
    return `ok:${String(await awaitable)}`;
  } catch (err) {
    if (err instanceof CancelledError) return "cancelled";
    return err instanceof Error ? err.name : String(err);
  }
}

/** Lets the loop run `n` iterations (each `sleep(0)` yields exactly one). */
export async function spin(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await sleep(0);
}

/**
 * Asks the current task to cancel itself while it is running, so the request is delivered at its
 * next `await` of a tsio future: the way to make that await throw after the future was completed.
 */
export function cancelMyself(): void {
  const task = currentTask();
  if (task === null) throw new Error("cancelMyself() must run inside a task");
  task.cancel();
}

