import { CancelledError, TimeoutError, type TimerHandle } from "@tsio/loop";
import { QueueEmpty, QueueFull } from "@tsio/sync";
import {
  createTask,
  currentTask,
  gather,
  shield,
  sleep,
  type Task,
  TaskGroupError,
  type Timeout,
  taskGroup,
  timeout,
  wait,
  waitFor,
} from "@tsio/tasks";
import { toThread } from "@tsio/thread";
import type { Op, Prog } from "./program.js";
import { type BodyRecord, ProgramError, SEM_PERMITS, type World } from "./world.js";

/** Virtual ms after which the main task is cancelled: breaks the deadlocks a random program may build. */
export const MAIN_DEADLINE_MS = 10_000;

/** The state of one running task body. */
interface Ctx {
  readonly task: Task<unknown>;
  readonly label: string;
  readonly spawned: Task<unknown>[];
  /** Set once the body swallowed a CancelledError: it then skips what is left, so it still ends. */
  swallowed: boolean;
  /** Injected cancellations still to come, dropped when the body ends. */
  readonly injected: TimerHandle[];
}

/** A task body made from `prog`, with the label it reports under and the value it returns. */
export interface Body {
  readonly fn: () => Promise<string>;
  readonly label: string;
  readonly value: string;
}

/** Instruments `run` as a task body labelled `label`: outcome and `finally` are recorded. */
function instrument<T>(
  world: World,
  label: string,
  run: (ctx: Ctx, rec: BodyRecord) => Promise<T>,
  cleanup?: number,
): () => Promise<T> {
  const fn = async (): Promise<T> => {
    const task = currentTask();
    const rec: BodyRecord = { outcome: undefined, finallyRuns: 0 };
    const taskRec = task === null ? undefined : world.record(task);
    if (task === null || taskRec === undefined) {
      world.violation(`${label}: body ran outside a known task`);
      throw new Error("body outside a task");
    }
    if (taskRec.body !== undefined) world.violation(`${label}: body started twice`);
    taskRec.body = rec;
    const ctx: Ctx = { task, label, spawned: [], swallowed: false, injected: [] };
    try {
      const value = await run(ctx, rec);
      rec.outcome = { kind: "return", value };
      return value;
    } catch (err) {
      rec.outcome = { kind: "throw", error: err };
      throw err;
    } finally {
      for (const handle of ctx.injected) handle.cancel();
      if (cleanup !== undefined) {
        // A clean-up that awaits, as a flush or a close does: a cancelled gather or TaskGroup must
        // wait for it; only a further cancellation may cut it short (and then ends the task).
        rec.cleanup = "running";
        try {
          await sleep(cleanup);
          rec.cleanup = "done";
        } catch (err) {
          rec.cleanup = "cut short";
          if (!(err instanceof CancelledError)) world.violation(`${label}: its clean-up sleep failed with ${String(err)}`);
          rec.outcome = { kind: "throw", error: err };
          rec.finallyRuns++;
          // biome-ignore lint/correctness/noUnsafeFinally: a clean-up interrupted by a second cancellation ends the task with it, as in asyncio.
          throw err;
        }
      }
      rec.finallyRuns++;
    }
  };
  world.fnLabels.set(fn, label);
  return fn;
}

/** The body for `prog`: its operations, then its end. The main body runs under a deadline. */
export function body(world: World, prog: Prog, kind: string): Body {
  const label = world.newLabel(kind);
  const value = `r:${label}`;
  const fn = instrument(
    world,
    label,
    async (ctx) => {
      if (kind === "main") await timeout(MAIN_DEADLINE_MS, () => runOps(world, prog.ops, ctx));
      else await runOps(world, prog.ops, ctx);
      if (prog.end === "throw") throw new ProgramError(`${label} ends by throwing`);
      return value;
    },
    prog.cleanup,
  );
  return { fn, label, value };
}

async function runOps(world: World, ops: readonly Op[], ctx: Ctx): Promise<void> {
  for (const op of ops) {
    if (ctx.swallowed || world.skipAll) return;
    try {
      await runOp(world, op, ctx);
    } catch (err) {
      if (op.g === 0) throw err;
      const cancelled = err instanceof CancelledError;
      if (cancelled && op.g === 1) throw err;
      if (cancelled || ctx.task.cancelling() > 0) {
        // The body swallowed a cancellation, or an error that took its place (a child that failed
        // while being cancelled, a TaskGroupError raised instead of the CancelledError). Like
        // asyncio, the task then goes on as if never cancelled, which can block it for good; it
        // skips the rest of its operations so that it still ends.
        ctx.swallowed = true;
        world.swallows++;
        if (world.windingDown) world.skipAll = true;
      }
      // Otherwise a `?` or `!` guard handled a failure and the body goes on.
    }
  }
}

function pick(tasks: readonly Task<unknown>[], index: number): Task<unknown> | undefined {
  return tasks.length === 0 ? undefined : tasks[index % tasks.length];
}

/** The failure a done task ended with (not a cancellation), read without marking it retrieved. */
export function failureOf(task: Task<unknown>): unknown {
  if (!task.done() || task.cancelled()) return undefined;
  return (task as unknown as { _exception: unknown })._exception;
}

async function scoped<T>(world: World, run: () => Promise<T>): Promise<T> {
  world.scopesEntered++;
  try {
    return await run();
  } finally {
    world.scopesExited++;
  }
}

async function runOp(world: World, op: Op, ctx: Ctx): Promise<void> {
  const loop = world.loop;
  switch (op.op) {
    case "sleep":
      await sleep(op.ms);
      return;
    case "spawn": {
      const child = body(world, op.prog, "spawn");
      const task = createTask(child.fn);
      ctx.spawned.push(task);
      world.held.set(task, false);
      return;
    }
    case "await": {
      const task = pick(ctx.spawned, op.child);
      if (task === undefined) return;
      try {
        await task;
        world.held.set(task, true);
      } catch (err) {
        if (!(err instanceof CancelledError)) world.held.set(task, true);
        throw err;
      }
      return;
    }
    case "cancel":
      pick(ctx.spawned, op.child)?.cancel();
      return;
    case "cancelSelf":
      ctx.task.cancel();
      return;
    case "cancelLater": {
      // Lands on whatever the task awaits then: often a gather or TaskGroup whose children are
      // cleaning up; `twice` sends the second request that cuts their clean-up short.
      const inject = (): void => {
        ctx.task.cancel("injected");
      };
      ctx.injected.push(loop.callLater(op.ms, inject));
      if (op.twice) ctx.injected.push(loop.callLater(op.ms + 1, inject));
      return;
    }
    case "gather":
      return runGather(world, op, ctx);
    case "wait":
      return runWait(world, op);
    case "waitFor":
      return runWaitFor(world, op);
    case "timeout": {
      const start = loop.time();
      let scope: Timeout | undefined;
      await scoped(world, async () => {
        try {
          await timeout(op.ms, async (t) => {
            scope = t;
            await runOps(world, op.body, ctx);
          });
        } finally {
          const elapsed = loop.time() - start;
          if (op.ms !== null && scope?.expired() && elapsed < op.ms) {
            world.violation(`${ctx.label}: timeout(${op.ms}) expired after only ${elapsed} ms`);
          }
          if (op.ms !== null && scope !== undefined && !scope.expired() && elapsed > op.ms) {
            world.violation(`${ctx.label}: timeout(${op.ms}) scope ran ${elapsed} ms without expiring`);
          }
        }
      });
      return;
    }
    case "shield": {
      const inner = body(world, op.prog, "shield");
      const outer = shield(inner.fn);
      const task = world.taskOf(inner.label);
      if (task === undefined) {
        world.violation(`${inner.label}: shield() did not start a task for its function`);
        return;
      }
      world.shieldInners.add(task);
      world.held.set(task, false);
      try {
        const value = await outer;
        if (value !== inner.value) world.violation(`${inner.label}: shield resolved with ${String(value)}`);
        world.held.set(task, true);
      } catch (err) {
        if (!(err instanceof CancelledError)) {
          world.held.set(task, true);
          if (err !== world.thrownBy(inner.label)) world.violation(`${inner.label}: shield rejected with a foreign error`);
        }
        throw err;
      }
      return;
    }
    case "group":
      return scoped(world, () => runGroup(world, op, ctx));
    case "lock":
      await world.lock.run(() =>
        scoped(world, async () => {
          if (++world.lockHolders > 1) world.violation(`${ctx.label}: ${world.lockHolders} tasks inside the lock at once`);
          try {
            await runOps(world, op.body, ctx);
          } finally {
            world.lockHolders--;
          }
        }),
      );
      return;
    case "sem":
      await world.sem.run(() =>
        scoped(world, async () => {
          if (++world.semHolders > SEM_PERMITS) {
            world.violation(`${ctx.label}: ${world.semHolders} tasks hold a ${SEM_PERMITS}-permit semaphore`);
          }
          try {
            await runOps(world, op.body, ctx);
          } finally {
            world.semHolders--;
          }
        }),
      );
      return;
    case "put": {
      const item = world.nextItem++;
      try {
        await world.queue.put(item);
        world.putOk.add(item);
      } catch (err) {
        world.putFailed.add(item);
        throw err;
      }
      return;
    }
    case "putNowait": {
      const item = world.nextItem++;
      try {
        world.queue.putNowait(item);
        world.putOk.add(item);
      } catch (err) {
        world.putFailed.add(item);
        if (!(err instanceof QueueFull)) throw err;
      }
      return;
    }
    case "get": {
      if (op.ms === null) {
        world.received.push(await world.queue.get());
        return;
      }
      // The item counts as got where get() hands it over: what the task does with it next (its
      // result may be dropped if it is cancelled right then, as in asyncio) is not the queue's doing.
      const label = world.newLabel("get");
      const getter = instrument(world, label, async () => {
        const item = await world.queue.get();
        world.received.push(item);
        return item;
      });
      const item = await waitFor(getter, op.ms);
      if (world.byLabel.get(label)?.task.result() !== item) world.violation(`${label}: waitFor returned an item its task did not return`);
      return;
    }
    case "getNowait":
      try {
        world.received.push(world.queue.getNowait());
      } catch (err) {
        if (!(err instanceof QueueEmpty)) throw err;
      }
      return;
    case "offload": {
      const job = world.nextJob++;
      const echoed = await toThread((n: number) => n, job);
      if (echoed !== job) world.violation(`${ctx.label}: toThread job ${job} came back as ${String(echoed)}`);
      return;
    }
    case "throw":
      throw new ProgramError(`${ctx.label} threw`);
  }
}

async function runGather(world: World, op: Extract<Op, { op: "gather" }>, ctx: Ctx): Promise<void> {
  const children = op.progs.map((prog) => body(world, prog, "gather"));
  let results: unknown[];
  const gathering = gather(
    children.map((child) => child.fn),
    { returnExceptions: op.returnExceptions },
  );
  // Whether the awaiting task's cancellation reached gather before any child had decided it.
  let cancelledFirst = false;
  const internals = gathering as unknown as { _decisive: unknown; cancel(msg?: string): boolean };
  const cancel = internals.cancel.bind(gathering);
  internals.cancel = (msg?: string): boolean => {
    const undecided = internals._decisive === null && !gathering.done();
    const taken = cancel(msg);
    if (taken && undecided) cancelledFirst = true;
    return taken;
  };
  try {
    results = await gathering;
  } catch (err) {
    if (cancelledFirst && err instanceof CancelledError) {
      // A cancelled gather ends only once every child is done, clean-up and all.
      for (const child of children) {
        const rec = world.byLabel.get(child.label);
        if (rec !== undefined && !rec.task.done()) world.violation(`${ctx.label}: cancelled gather ended with ${child.label} still running`);
        if (rec?.body?.cleanup === "running") world.violation(`${ctx.label}: cancelled gather ended while ${child.label} was still cleaning up`);
      }
    }
    if (!(err instanceof CancelledError)) {
      if (op.returnExceptions) world.violation(`${ctx.label}: gather(returnExceptions) rejected with ${String(err)}`);
      else if (!children.some((child) => world.thrownBy(child.label) === err)) {
        world.violation(`${ctx.label}: gather rejected with an error none of its children threw: ${String(err)}`);
      }
    }
    // Whatever ended gather early, none of the children it started may run on unasked.
    for (const child of children) {
      const task = world.taskOf(child.label);
      if (task !== undefined && !task.done() && task.cancelling() === 0) {
        world.violation(`${ctx.label}: gather ended with ${err instanceof Error ? err.name : String(err)} but left ${child.label} running, never cancelled`);
      }
    }
    throw err;
  }
  if (results.length !== children.length) world.violation(`${ctx.label}: gather gave ${results.length} results for ${children.length}`);
  children.forEach((child, i) => {
    const result = results[i];
    if (result === child.value) return;
    if (!op.returnExceptions) {
      world.violation(`${ctx.label}: gather result ${i} is ${String(result)}, expected ${child.value}`);
    } else if (result instanceof CancelledError) {
      if (world.taskOf(child.label)?.cancelled() !== true) {
        world.violation(`${ctx.label}: gather reported ${child.label} cancelled, but it was not`);
      }
    } else if (result !== world.thrownBy(child.label)) {
      world.violation(`${ctx.label}: gather result ${i} is ${String(result)}, which ${child.label} did not throw`);
    }
  });
}

async function runWait(world: World, op: Extract<Op, { op: "wait" }>): Promise<void> {
  const loop = world.loop;
  const children = op.progs.map((prog) => body(world, prog, "wait"));
  const start = loop.time();
  const pendingWait = wait(
    children.map((child) => child.fn),
    { returnWhen: op.returnWhen, timeout: op.timeout },
  );
  const tasks = children.map((child) => world.taskOf(child.label)!);
  for (const task of tasks) world.held.set(task, false);
  const result = await pendingWait;
  const done = result.done as Set<Task<unknown>>;
  const pending = result.pending as Set<Task<unknown>>;
  const where = `wait(${op.returnWhen}, timeout ${op.timeout})`;
  if (done.size + pending.size !== tasks.length) world.violation(`${where} returned ${done.size}+${pending.size} of ${tasks.length}`);
  for (const task of tasks) {
    if (done.has(task) === pending.has(task)) world.violation(`${where}: a task is in ${done.has(task) ? "both sets" : "neither set"}`);
  }
  for (const task of done) if (!task.done()) world.violation(`${where}: a task in done is not done`);
  const elapsed = loop.time() - start;
  if (op.timeout !== null && elapsed > op.timeout) world.violation(`${where} returned after ${elapsed} ms`);
  if (op.timeout === null) {
    if (op.returnWhen === "ALL_COMPLETED" && pending.size > 0) world.violation(`${where} returned with tasks pending`);
    if (op.returnWhen === "FIRST_COMPLETED" && done.size === 0) world.violation(`${where} returned with nothing done`);
    if (op.returnWhen === "FIRST_EXCEPTION" && pending.size > 0 && ![...done].some((task) => failureOf(task) !== undefined)) {
      world.violation(`${where} returned early without a failure`);
    }
  }
  if (op.retrieve) {
    for (const task of done) {
      if (task.cancelled()) continue;
      task.exception();
      world.held.set(task, true);
    }
  }
  if (op.cancelPending) for (const task of pending) task.cancel();
}

async function runWaitFor(world: World, op: Extract<Op, { op: "waitFor" }>): Promise<void> {
  const loop = world.loop;
  const child = body(world, op.prog, "waitFor");
  const start = loop.time();
  try {
    const value = await waitFor(child.fn, op.ms);
    const task = world.taskOf(child.label);
    if (value !== child.value) world.violation(`${child.label}: waitFor resolved with ${String(value)}`);
    if (task !== undefined && !task.done()) world.violation(`${child.label}: waitFor resolved before its task ended`);
    const elapsed = loop.time() - start;
    if (elapsed > op.ms && task !== undefined && !world.record(task)?.cancelRequested) {
      world.violation(`${child.label}: waitFor(${op.ms}) resolved after ${elapsed} ms without cancelling its task`);
    }
  } catch (err) {
    const thrownByChild = err === world.thrownBy(child.label);
    if (err instanceof TimeoutError && !thrownByChild) {
      const elapsed = loop.time() - start;
      if (elapsed < op.ms) world.violation(`${child.label}: waitFor(${op.ms}) timed out after ${elapsed} ms`);
      const task = world.taskOf(child.label);
      if (task !== undefined && !task.done()) world.violation(`${child.label}: waitFor timed out with its task still running`);
    } else if (!(err instanceof CancelledError) && !thrownByChild) {
      world.violation(`${child.label}: waitFor rejected with a foreign error ${String(err)}`);
    }
    throw err;
  }
}

async function runGroup(world: World, op: Extract<Op, { op: "group" }>, ctx: Ctx): Promise<void> {
  const kids: Array<{ label: string; task: Task<unknown> }> = [];
  const check = (how: string): void => {
    for (const kid of kids) {
      if (!kid.task.done()) world.violation(`${ctx.label}: taskGroup ${how} with ${kid.label} still running`);
      if (world.byLabel.get(kid.label)?.body?.cleanup === "running") world.violation(`${ctx.label}: taskGroup ${how} while ${kid.label} was still cleaning up`);
    }
  };
  try {
    await taskGroup(async (g) => {
      for (const prog of op.progs) {
        const kid = body(world, prog, "group");
        kids.push({ label: kid.label, task: g.createTask(kid.fn) });
      }
      await runOps(world, op.body, ctx);
    });
    check("returned");
    for (const kid of kids) {
      if (failureOf(kid.task) !== undefined) world.violation(`${ctx.label}: taskGroup returned although ${kid.label} failed`);
    }
  } catch (err) {
    check("threw");
    if (err instanceof TaskGroupError) {
      for (const kid of kids) {
        const failure = failureOf(kid.task);
        if (failure !== undefined && !err.errors.includes(failure)) {
          world.violation(`${ctx.label}: TaskGroupError is missing ${kid.label}'s failure`);
        }
      }
    } else {
      for (const kid of kids) {
        if (failureOf(kid.task) !== undefined) world.violation(`${ctx.label}: taskGroup threw ${String(err)} and lost ${kid.label}'s failure`);
      }
    }
    throw err;
  }
}
