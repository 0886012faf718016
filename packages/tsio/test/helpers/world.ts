import type { EventLoop, ExceptionContext } from "@tsio/loop";
import { Lock, Queue, Semaphore } from "@tsio/sync";
import type { Task } from "@tsio/tasks";
import { FakeExecutor } from "./fake-executor.js";
import type { TaskListener } from "./instrumentation.js";
import type { Program } from "./program.js";

/** Permits of the shared semaphore. */
export const SEM_PERMITS = 2;

/** What a task body did, written by the body itself. */
export interface BodyRecord {
  outcome: { kind: "return"; value: unknown } | { kind: "throw"; error: unknown } | undefined;
  finallyRuns: number;
  /** For a body whose `finally` awaits (a clean-up of `cleanup` ms): how far that clean-up got. */
  cleanup?: "running" | "done" | "cut short";
}

/** What happened to one task, from the observer, the cancel wrapper and its body. */
export interface TaskRecord {
  readonly task: Task<unknown>;
  readonly label: string | undefined;
  created: number;
  started: number;
  done: number;
  doneCallbacks: number;
  cancelRequested: boolean;
  body: BodyRecord | undefined;
}

/** The error a program's `throw` operation (or a body's `-> throw` end) raises. */
export class ProgramError extends Error {
  override name = "ProgramError";
}

/**
 * Everything one random program shares and everything the invariants are checked against: the
 * loop, the shared lock, semaphore and queue, and the records of every task, item and report.
 */
export class World implements TaskListener {
  loop!: EventLoop;
  readonly lock = new Lock();
  readonly sem = new Semaphore(SEM_PERMITS);
  readonly queue: Queue<number>;
  readonly executor = new FakeExecutor();
  readonly tasks = new Map<Task<unknown>, TaskRecord>();
  readonly byLabel = new Map<string, TaskRecord>();
  /** Body functions to their labels, so the observer can name a task the moment it is created. */
  readonly fnLabels = new WeakMap<object, string>();
  readonly violations: string[] = [];
  readonly reports: ExceptionContext[] = [];
  /** Tasks the program holds itself (spawned, made by wait, shielded): false until it retrieved their outcome. */
  readonly held = new Map<Task<unknown>, boolean>();
  readonly shieldInners = new Set<Task<unknown>>();
  /** Queue items by id: put successfully, put refused, and received by a consumer (in order). */
  readonly putOk = new Set<number>();
  readonly putFailed = new Set<number>();
  readonly received: number[] = [];
  /** Items left in the queue after run(), drained by the checks. */
  remaining: number[] = [];
  nextItem = 0;
  nextJob = 0;
  lockHolders = 0;
  semHolders = 0;
  scopesEntered = 0;
  scopesExited = 0;
  /**
   * A body caught a CancelledError (a `!` guard) or an error that replaced one while it was being
   * cancelled: a cancellation request may then legally vanish.
   */
  swallows = 0;
  mainTask: Task<unknown> | null = null;
  mainDone = false;
  /** main was cancelled (its deadline, usually) or has finished: run() is winding the program down. */
  windingDown = false;
  /**
   * Set when a CancelledError is swallowed while winding down: from then on every body skips its
   * remaining operations. A program that ignores run()'s cancellation can otherwise block forever
   * (so would asyncio's); that is the program's fault, not the scheduler's.
   */
  skipAll = false;
  /** Deadlocks the harness broke (only allowed after a swallowed cancellation). */
  deadlocksBroken = 0;
  /** The harness itself is cancelling everything (see breakDeadlock). */
  breaking = false;
  /** What the shutdown hook saw just before run() closed the loop. */
  atShutdown: string[] | null = null;
  private labels = 0;

  constructor(readonly program: Program) {
    this.queue = new Queue<number>({ maxsize: program.maxsize });
  }

  newLabel(kind: string): string {
    return `${kind}#${++this.labels}`;
  }

  violation(message: string): void {
    this.violations.push(message);
  }

  record(task: Task<unknown>): TaskRecord | undefined {
    return this.tasks.get(task);
  }

  taskOf(label: string): Task<unknown> | undefined {
    return this.byLabel.get(label)?.task;
  }

  /** What the body labelled `label` threw, if it threw. */
  thrownBy(label: string): unknown {
    const outcome = this.byLabel.get(label)?.body?.outcome;
    return outcome?.kind === "throw" ? outcome.error : undefined;
  }

  // ---- TaskListener ------------------------------------------------------------------------

  created(task: Task<unknown>): void {
    const existing = this.tasks.get(task);
    if (existing !== undefined) {
      existing.created++;
      return;
    }
    const label = this.fnLabels.get((task as unknown as { _fn: object })._fn);
    const rec: TaskRecord = {
      task,
      label,
      created: 1,
      started: 0,
      done: 0,
      doneCallbacks: 0,
      cancelRequested: false,
      body: undefined,
    };
    this.tasks.set(task, rec);
    if (label !== undefined) this.byLabel.set(label, rec);
    if (label?.startsWith("main#")) this.mainTask = task;
    task.addDoneCallback(() => {
      rec.doneCallbacks++;
    });
  }

  started(task: Task<unknown>): void {
    const rec = this.tasks.get(task);
    if (rec === undefined) this.violation(`${task.toString()} started without having been created`);
    else rec.started++;
  }

  done(task: Task<unknown>): void {
    const rec = this.tasks.get(task);
    if (rec === undefined) this.violation(`${task.toString()} ended without having been created`);
    else rec.done++;
    if (task === this.mainTask) {
      this.mainDone = true;
      this.windingDown = true;
    }
  }

  cancelRequested(task: Task<unknown>): void {
    const rec = this.tasks.get(task);
    if (rec !== undefined) rec.cancelRequested = true;
    if (task === this.mainTask) this.windingDown = true;
    if (this.shieldInners.has(task) && !this.mainDone && !this.breaking) {
      this.violation(`${rec?.label ?? task.toString()}: a shielded task received a cancellation request from outside`);
    }
  }
}
