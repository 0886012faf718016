import type { EventLoop } from "@tsio/loop";
import { buildGraph } from "./call-graph.js";
import { DeadlockError } from "./deadlock-error.js";
import { loopTasks } from "./task-registry.js";

/**
 * @internal Debug mode: settles like `running` (the loop running the main task), unless the
 * program deadlocks first. Node emits `beforeExit` once it has nothing left to wait for (no
 * socket, no timer, no worker); if at that moment the loop has no ready callback, no timer and no
 * outside work either, yet tasks are pending, nothing can ever wake them. Node would then end the
 * process with status 13; instead the loop stops and this rejects with a `DeadlockError` holding
 * the stuck tasks' graph (`run()` then cancels them and waits for their clean-up, as always).
 */
export function raceDeadlock<T>(loop: EventLoop, running: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let deadlock: DeadlockError | null = null;
    const onBeforeExit = (): void => {
      if (deadlock !== null || !isStuck(loop)) return;
      deadlock = new DeadlockError(buildGraph(loop));
      loop.stop();
    };
    process.on("beforeExit", onBeforeExit);
    running.then(
      (value) => {
        process.off("beforeExit", onBeforeExit);
        if (deadlock === null) resolve(value);
        else reject(deadlock);
      },
      (err: unknown) => {
        process.off("beforeExit", onBeforeExit);
        reject(deadlock ?? err);
      },
    );
  });
}

function isStuck(loop: EventLoop): boolean {
  if (!loop.isRunning() || loopTasks(loop).pending.size === 0 || loop.externalWorkInFlight() > 0) return false;
  const { ready, timers } = loop.pendingWork();
  return ready === 0 && timers === 0;
}
