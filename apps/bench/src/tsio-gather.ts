import { type Future, getRunningLoop } from "@tsio/loop";
import * as tasks from "@tsio/tasks";

type GatherFn = (...awaitables: Future<unknown>[]) => PromiseLike<unknown[]>;

const exported = (tasks as unknown as Record<string, unknown>).gather;

/**
 * Waits for every future and resolves with their results in order: `@tsio/tasks`' `gather` once
 * it is exported, until then a countdown over done callbacks (what gather does underneath).
 *
 * @example
 * ```ts
 * const results = await gatherAll([createTask(async () => 1), createTask(async () => 2)]);
 * ```
 */
export function gatherAll<T>(futures: readonly Future<T>[]): PromiseLike<T[]> {
  if (typeof exported === "function") return (exported as GatherFn)(...futures) as PromiseLike<T[]>;
  return countdown(futures);
}

/** Whether `gatherAll` uses the package's own `gather`. */
export const usesPackageGather: boolean = typeof exported === "function";

function countdown<T>(futures: readonly Future<T>[]): Future<T[]> {
  const all = getRunningLoop().createFuture<T[]>();
  const results = new Array<T>(futures.length);
  let left = futures.length;
  if (left === 0) all.setResult(results);
  futures.forEach((future, index) => {
    future.addDoneCallback((done) => {
      if (all.done()) return;
      if (done.cancelled() || done.exception() !== undefined) {
        all.setException(done.cancelled() ? new Error("a gathered future was cancelled") : done.exception());
        return;
      }
      results[index] = done.result();
      if (--left === 0) all.setResult(results);
    });
  });
  return all;
}
