import { CancelledError } from "@tsio/loop";
import { QueueEmpty } from "@tsio/sync";
import { allTasks, Runner, type Task } from "@tsio/tasks";
import { VirtualClock } from "@tsio/testing";
import { setDefaultExecutor } from "@tsio/thread";
import { listenToTasks, takeUnhandledRejections } from "./instrumentation.js";
import { body, failureOf } from "./interpreter.js";
import type { Program } from "./program.js";
import { SEM_PERMITS, World } from "./world.js";

/** Real ms a single program may take before it counts as hung. */
const WATCHDOG_MS = 3_000;

/** What run() may report through the exception handler; anything else is a bug somewhere. */
const EXPECTED_REPORTS = [
  "Task exception was never retrieved",
  "Future exception was never retrieved",
  "Unhandled exception during run() shutdown",
  "A task of a TaskGroup failed after the group's parent task had finished",
];

/**
 * Runs `program` on a fresh loop with a virtual clock, as `run()` would, and returns every broken
 * invariant (empty when all held). Needs `installInstrumentation()` to be in place.
 */
/** Totals over the programs a property ran. */
export interface ProgramStats {
  programs: number;
  tasks: number;
  deadlocksBroken: number;
  ms: number;
}

export async function runProgram(program: Program, stats?: ProgramStats): Promise<string[]> {
  const world = new World(program);
  const clock = new VirtualClock();
  const runner = new Runner({ clock, handleSigint: false });
  const loop = runner.getLoop();
  world.loop = loop;
  loop.setExceptionHandler((_loop, context) => {
    world.reports.push(context);
  });
  // Hooks run newest first, so this one runs after the default executor's (registered below).
  loop.addShutdownHook(() => {
    world.atShutdown = inspectAtShutdown(world);
  });
  setDefaultExecutor(world.executor, loop);
  takeUnhandledRejections();
  listenToTasks(world);
  let watchdog: NodeJS.Timeout | undefined;
  let breaker: NodeJS.Timeout | undefined;
  let stuckPolls = 0;
  try {
    const main = body(world, program.main, "main");
    let abandoned = false;
    const ran = runner.run(main.fn).catch(() => undefined);
    const finished: Promise<"finished"> = (async () => {
      await ran;
      if (!abandoned) await runner.close();
      return "finished" as const;
    })();
    const hung = new Promise<"hung">((resolve) => {
      watchdog = setTimeout(() => resolve("hung"), WATCHDOG_MS);
    });
    breaker = setInterval(() => {
      stuckPolls = isStuck(world) ? stuckPolls + 1 : 0;
      if (stuckPolls < 2) return;
      stuckPolls = 0;
      breakDeadlock(world);
    }, 20);
    if ((await Promise.race([finished, hung])) === "hung") {
      abandoned = true;
      const state = describeHang(world, clock.now());
      // Free the running-loop slot so the next program (and the shrinking) can run.
      loop.stop();
      await Promise.race([finished.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500))]);
      if (!loop.isRunning()) loop.close();
      return [`the program did not finish within ${WATCHDOG_MS} ms of real time: ${state}`];
    }
  } finally {
    clearTimeout(watchdog);
    clearInterval(breaker);
    listenToTasks(null);
  }
  // Rejections nobody handled surface once the microtask queue has drained.
  await new Promise((resolve) => setImmediate(resolve));
  for (const reason of takeUnhandledRejections()) world.violation(`unhandled rejection: ${String(reason)}`);
  checkWorld(world);
  if (stats !== undefined) {
    stats.programs++;
    stats.tasks += world.tasks.size;
    stats.deadlocksBroken += world.deadlocksBroken;
  }
  return world.violations;
}

/** The loop runs but nothing can ever happen again: no callback ready, no timer, no outside work. */
function isStuck(world: World): boolean {
  const loop = world.loop;
  if (!loop.isRunning() || loop.externalWorkInFlight() !== 0) return false;
  const { ready, timers } = loop.pendingWork();
  return ready === 0 && timers === 0;
}

/**
 * A program that swallowed a CancelledError can block for good (a TaskGroup waiting for a child
 * nobody will cancel any more), as it would under asyncio: that is the program's fault, so the
 * harness cancels every task, and bodies skip what is left. Without any swallowed cancellation,
 * run()'s own cancellation must always reach every blocked await, so a deadlock is a violation.
 */
function breakDeadlock(world: World): void {
  const stuck = [...allTasks(world.loop)];
  if (world.swallows === 0) {
    world.violation(`deadlock without any swallowed cancellation: ${describeHang(world, world.loop.time())}`);
  }
  world.deadlocksBroken++;
  world.skipAll = true;
  world.breaking = true;
  for (const task of stuck) task.cancel("the property test broke a deadlock");
  world.breaking = false;
}

/** Where a hung program stands: time, work the loop sees, and what each pending task waits on. */
function describeHang(world: World, now: number): string {
  const loop = world.loop;
  const tasks = [...allTasks(loop)].map((task) => {
    const waiter = (task as unknown as { _waiter: { constructor: { name: string }; done(): boolean } | null })._waiter;
    const label = world.record(task)?.label ?? task.getName();
    const t = task as unknown as { _mustCancel: boolean };
    return `${label} (cancelling ${task.cancelling()}, mustCancel ${t._mustCancel}) waits on ${waiter === null ? "nothing" : `${waiter.constructor.name}${waiter.done() ? " (done)" : ""}`}`;
  });
  const { ready, timers } = loop.pendingWork();
  return `virtual time ${now}, ${ready} ready, ${timers} timers (next ${loop.nextDeadline()}), external work ${loop.externalWorkInFlight()}; ${tasks.join("; ")}`;
}

/** Runs as the last shutdown hook: what is still live after run() cancelled the leftovers. */
function inspectAtShutdown(world: World): string[] {
  const loop = world.loop;
  const problems: string[] = [];
  const left = [...allTasks(loop)].filter((task) => task.getName() !== "shutdown-hooks");
  if (left.length > 0) problems.push(`${left.length} task(s) still pending when run() ran its shutdown hooks`);
  const { timers } = loop.pendingWork();
  if (timers > 0 || loop.nextDeadline() !== null) problems.push(`${timers} timer(s) still armed at shutdown (next ${loop.nextDeadline()})`);
  // The shutdown hooks themselves are the one piece of external work allowed here.
  if (loop.externalWorkInFlight() !== 1) problems.push(`${loop.externalWorkInFlight() - 1} external work item(s) in flight at shutdown`);
  if (world.executor.inFlight !== 0) problems.push(`${world.executor.inFlight} executor job(s) still running at shutdown`);
  if (!world.executor.closed) problems.push("run() did not close the default executor");
  return problems;
}

function checkWorld(world: World): void {
  const v = (message: string): void => world.violation(message);
  if (world.atShutdown === null) v("run() never ran its shutdown hooks");
  else for (const problem of world.atShutdown) v(problem);
  if (!world.loop.isClosed()) v("run() did not close the loop");
  if (world.loop.externalWorkInFlight() !== 0) v(`${world.loop.externalWorkInFlight()} external work item(s) still counted after run()`);
  if (world.executor.afterClose > 0) v(`${world.executor.afterClose} job(s) were sent to the executor after it closed`);

  // Every `finally` ran: each scope entered was left, each body's finally ran once (below).
  if (world.scopesEntered !== world.scopesExited) v(`${world.scopesEntered} scopes entered but ${world.scopesExited} left`);

  // Locks and semaphores are all given back, with nobody left waiting.
  if (world.lock.locked()) v("the lock is still held after run()");
  if (world.lockHolders !== 0 || world.semHolders !== 0) v("a critical section was never left");
  if (world.sem.locked() || (world.sem as unknown as { _value: number })._value !== SEM_PERMITS) {
    v(`the semaphore did not get all ${SEM_PERMITS} permits back`);
  }
  const queue = world.queue as unknown as { _getters: { size: number }; _putters: { size: number } };
  if (queue._getters.size !== 0 || queue._putters.size !== 0) v("queue waiters left behind after run()");

  // Every queue item that was put is received exactly once or is still in the queue.
  for (;;) {
    try {
      world.remaining.push(world.queue.getNowait());
    } catch (err) {
      if (!(err instanceof QueueEmpty)) throw err;
      break;
    }
  }
  const seen = new Map<number, number>();
  for (const item of [...world.received, ...world.remaining]) seen.set(item, (seen.get(item) ?? 0) + 1);
  for (const [item, count] of seen) {
    if (count > 1) v(`queue item ${item} came out ${count} times`);
    if (!world.putOk.has(item)) v(`queue item ${item} came out but its put ${world.putFailed.has(item) ? "failed" : "never finished"}`);
  }
  for (const item of world.putOk) if (!seen.has(item)) v(`queue item ${item} was put and then lost`);

  const reportsByTask = new Map<Task<unknown>, number>();
  for (const report of world.reports) {
    if (!EXPECTED_REPORTS.some((prefix) => report.message.startsWith(prefix))) {
      v(`unexpected report to the exception handler: ${report.message}: ${String(report.exception)}`);
      continue;
    }
    // A report is about the task whose failure it carries (a future handed that failure on, such
    // as a shield's or a gather's, reports it in that task's stead).
    const named = (report.future ?? report.task) as Task<unknown> | undefined;
    const task =
      named !== undefined && world.tasks.has(named)
        ? named
        : [...world.tasks.keys()].find((t) => report.exception !== undefined && failureOf(t) === report.exception);
    if (task === undefined) {
      v(`a report names no failed task of this program: ${report.message}: ${String(report.exception)}`);
      continue;
    }
    reportsByTask.set(task, (reportsByTask.get(task) ?? 0) + 1);
  }

  for (const rec of world.tasks.values()) {
    const { task } = rec;
    const name = rec.label ?? task.toString();
    if (task.getName() === "shutdown-hooks") continue;
    if (rec.created !== 1) v(`${name} was created ${rec.created} times`);
    if (!task.done()) {
      v(`${name} never ended`);
      continue;
    }
    if (rec.done !== 1) v(`${name} ended ${rec.done} times`);
    if (rec.doneCallbacks !== 1) v(`${name}'s done callback ran ${rec.doneCallbacks} times`);
    if (rec.started > 1) v(`${name} started ${rec.started} times`);
    const failure = failureOf(task);
    const reports = reportsByTask.get(task) ?? 0;

    // Nothing failed silently: a failure was retrieved by someone or reported, once at most.
    if (reports > 1) v(`${name}'s failure was reported ${reports} times`);
    if (reports > 0 && failure === undefined) v(`${name} was reported as failed but ended ${task.cancelled() ? "cancelled" : "with a result"}`);
    if (failure !== undefined && (task as unknown as { _unretrieved: boolean })._unretrieved) {
      v(`${name} failed with ${String(failure)}, never retrieved and never reported`);
    }
    if (failure !== undefined && world.held.get(task) === false && reports === 0) {
      v(`${name} failed with ${String(failure)} and nobody retrieved it, yet it was not reported`);
    }

    // Its final state matches what its body did.
    if (rec.started === 0) {
      if (!task.cancelled()) v(`${name} never started yet did not end cancelled`);
      if (!rec.cancelRequested) v(`${name} never started and nobody cancelled it`);
      continue;
    }
    const bodyRec = rec.body;
    if (bodyRec === undefined || bodyRec.outcome === undefined) {
      v(`${name} started but its body has no outcome`);
      continue;
    }
    if (bodyRec.finallyRuns !== 1) v(`${name}'s finally ran ${bodyRec.finallyRuns} times`);
    const outcome = bodyRec.outcome;
    if (outcome.kind === "return") {
      if (task.cancelled()) {
        if (!rec.cancelRequested) v(`${name} returned but ended cancelled though nobody cancelled it`);
      } else if (failure !== undefined) v(`${name} returned but ended failed with ${String(failure)}`);
      else if (task.result() !== outcome.value) v(`${name} returned ${String(outcome.value)} but its result is ${String(task.result())}`);
    } else if (outcome.error instanceof CancelledError) {
      if (!task.cancelled()) v(`${name} threw CancelledError but did not end cancelled`);
    } else if (task.cancelled()) {
      v(`${name} threw ${String(outcome.error)} but ended cancelled`);
    } else if (failure !== outcome.error) {
      v(`${name} threw ${String(outcome.error)} but ended with ${String(failure)}`);
    }

    // A body that returned while a cancellation request stood ends cancelled, unless the program
    // swallowed a cancellation somewhere (then a request may legally have been consumed, by this
    // task or by a child it was forwarded to). A body that throws ends failed, as in asyncio.
    const standing = task.cancelling();
    if (outcome.kind === "return" && world.swallows === 0 && standing > 0 && !task.cancelled()) {
      v(`${name} returned with ${standing} cancellation request(s) standing but ended with a result`);
    }
  }
}
