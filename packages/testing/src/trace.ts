import { writeFile } from "node:fs/promises";
import { type AwaitHook, describeValue, EventLoop, Future, type HandleOwner, InvalidStateError, setAwaitHook } from "@tsio/loop";
import { setTaskObserver, Task, type TaskObserver } from "@tsio/tasks";

/**
 * What happened to a task: `created`, `started` (its body began), `waiting` (it awaited a tsio
 * awaitable), `woken` (that awaitable completed), then one of `done`, `failed`, `cancelled`.
 *
 * @example
 * ```ts
 * const ends: TaskEventKind[] = ["done", "failed", "cancelled"];
 * ```
 */
export type TaskEventKind = "created" | "started" | "waiting" | "woken" | "done" | "failed" | "cancelled";

/**
 * One recorded task event, stamped with the loop's (virtual) time.
 *
 * @example
 * ```ts
 * const event: TaskEvent = { ts: 1000, kind: "done", id: 2, task: "fetch-user" };
 * ```
 */
export interface TaskEvent {
  /** Loop time in ms. */
  readonly ts: number;
  /** Which step of the task's life this event records. */
  readonly kind: TaskEventKind;
  /** The task's number in this trace (1 for the first task seen). */
  readonly id: number;
  /** The task's name; default names (`Task-N`, numbered process-wide) show as `task#<id>`. */
  readonly task: string;
  /** What it waited on, what woke it, or why it failed. */
  readonly detail?: string;
}

/**
 * One event of the Chrome trace-event format (what Perfetto and `chrome://tracing` open).
 *
 * @example
 * ```ts
 * const e: ChromeTraceEvent = { name: "sleeper", ph: "X", ts: 0, dur: 1_000_000, pid: 1, tid: 2 };
 * ```
 */
export interface ChromeTraceEvent {
  /** The label shown on the slice or marker (a task's name, `await ...`, or a metadata key). */
  name: string;
  /** Phase: `X` a complete slice with a duration, `i` an instant marker, `M` metadata (track names). */
  ph: "X" | "i" | "M";
  /** Microseconds. */
  ts: number;
  /** Length of an `X` slice, in microseconds. */
  dur?: number;
  /** Process id; always 1, the one event loop. */
  pid: number;
  /** Track id: one per task (its number in the trace), 0 for the loop itself. */
  tid: number;
  /** Category (`task` or `await`), for filtering in the viewer. */
  cat?: string;
  /** Scope of an instant event: `t` draws it on its task's track only. */
  s?: "t";
  /** Extra details shown when the event is selected (outcome, failure detail, track name). */
  args?: Record<string, string | number>;
}

/**
 * A Chrome trace-event file: `JSON.stringify` it, or use `TaskTrace.writeChromeTrace(path)`.
 *
 * @example
 * ```ts
 * const file: ChromeTraceFile = { traceEvents: [], displayTimeUnit: "ms" };
 * ```
 */
export interface ChromeTraceFile {
  /** The events, not in time order (a task's slice is emitted when it ends); viewers sort them. */
  traceEvents: ChromeTraceEvent[];
  /** Tells the viewer to show times in ms although the events carry microseconds. */
  displayTimeUnit: "ms";
}

interface TracedTask {
  readonly id: number;
  readonly label: string;
}

const DEFAULT_NAME = /^Task-\d+$/;
let activeTrace: TaskTrace | null = null;

function failureDetail(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Records task events with the loop's time while started: deterministic on a virtual clock, so a
 * test can compare `lines()` with what it expects, or compare two runs. `toChromeTrace()` gives a
 * file to open in Perfetto: one track per task, a slice for its lifetime and one per `await`.
 * Only one trace records at a time (tasks report through one process-wide observer).
 *
 * @example
 * ```ts
 * const trace = new TaskTrace();
 * await runVirtual(main, { trace });
 * expect(trace.lines()).toContain("2000 task-a done");
 * await trace.writeChromeTrace("trace.json"); // open it in Perfetto
 * ```
 */
export class TaskTrace {
  /** Every event recorded so far, in order. */
  readonly events: TaskEvent[] = [];
  private readonly tasks = new WeakMap<Task<unknown>, TracedTask>();
  private nextId = 1;
  private loop: EventLoop | null = null;
  private previousObserver: TaskObserver | null = null;
  private previousHook: AwaitHook | null = null;
  private readonly observer: TaskObserver;
  private readonly hook: AwaitHook;

  constructor() {
    this.observer = {
      created: (task) => {
        this.previousObserver?.created?.(task);
        this.record(task, "created");
      },
      started: (task) => {
        this.previousObserver?.started?.(task);
        this.record(task, "started");
      },
      done: (task) => {
        this.previousObserver?.done?.(task);
        if (task.cancelled()) this.record(task, "cancelled");
        else if (task._exception !== undefined) this.record(task, "failed", failureDetail(task._exception));
        else this.record(task, "done");
      },
    };
    this.hook = (awaited) => {
      const owner: HandleOwner | undefined = this.previousHook === null ? undefined : this.previousHook(awaited);
      if (owner instanceof Task && awaited instanceof Future && this.accepts(owner)) {
        const task = owner as Task<unknown>;
        this.record(task, "waiting", this.describe(awaited));
        awaited.addDoneCallback((fut) => {
          this.record(task, "woken", fut.cancelled() ? "cancelled" : fut._exception !== undefined ? "error" : undefined);
        });
      }
      return owner;
    };
  }

  /** Whether this trace is recording. */
  get active(): boolean {
    return activeTrace === this;
  }

  /**
   * Starts recording the tasks of `loop` (of every loop when omitted). Throws `InvalidStateError`
   * if another trace is recording.
   */
  start(loop?: EventLoop): this {
    if (loop !== undefined && !(loop instanceof EventLoop)) {
      throw new TypeError(`TaskTrace.start(loop): loop must be an EventLoop (or omitted to record every loop), got ${describeValue(loop)}.`);
    }
    if (activeTrace === this) throw new InvalidStateError("This TaskTrace is already recording.");
    if (activeTrace !== null) {
      throw new InvalidStateError("Another TaskTrace is recording: stop it first (one trace records at a time).");
    }
    activeTrace = this;
    this.loop = loop ?? null;
    this.previousObserver = setTaskObserver(this.observer);
    this.previousHook = setAwaitHook(this.hook);
    return this;
  }

  /** Stops recording and restores the previous observer and await hook. Idempotent. */
  stop(): void {
    if (activeTrace !== this) return;
    activeTrace = null;
    setTaskObserver(this.previousObserver);
    setAwaitHook(this.previousHook);
    this.previousObserver = null;
    this.previousHook = null;
  }

  /** Same as `stop()`, so `using trace = new TaskTrace().start()` stops recording on scope exit. */
  [Symbol.dispose](): void {
    this.stop();
  }

  /**
   * The events as `"<ts> <task> <kind>[ <detail>]"` lines, easy to compare in a test.
   *
   * @example
   * ```ts
   * expect(trace.lines().filter((l) => l.endsWith(" done"))).toEqual(["1000 task-b done", "2000 task-a done"]);
   * ```
   */
  lines(): string[] {
    return this.events.map((e) => `${e.ts} ${e.task} ${e.kind}${e.detail === undefined ? "" : ` ${e.detail}`}`);
  }

  /** The events of one task (by name as shown in `TaskEvent.task`). */
  eventsOf(task: string): TaskEvent[] {
    if (typeof task !== "string") {
      throw new TypeError(`TaskTrace.eventsOf(task): task must be a task name as shown in the events (a string), got ${describeValue(task)}.`);
    }
    return this.events.filter((e) => e.task === task);
  }

  /**
   * The trace in Chrome's trace-event format: one track (tid) per task named after it, an `X`
   * slice for each task's lifetime and for each `await`, and instant events for the rest.
   * Timestamps are microseconds of loop time.
   */
  toChromeTrace(): ChromeTraceFile {
    const pid = 1;
    const us = (ms: number): number => Math.round(ms * 1000);
    const end = this.events.length > 0 ? this.events[this.events.length - 1]!.ts : 0;
    const out: ChromeTraceEvent[] = [
      { name: "process_name", ph: "M", ts: 0, pid, tid: 0, args: { name: "tsio event loop" } },
    ];
    const open = new Map<number, { created: number; waiting: TaskEvent | null; label: string }>();
    const closeWait = (tid: number, at: number, outcome: string | undefined): void => {
      const state = open.get(tid);
      const wait = state?.waiting;
      if (state === undefined || wait === null || wait === undefined) return;
      state.waiting = null;
      const args: Record<string, string> = outcome === undefined ? {} : { outcome };
      out.push({ name: `await ${wait.detail ?? ""}`.trim(), cat: "await", ph: "X", ts: us(wait.ts), dur: us(at - wait.ts), pid, tid, args });
    };
    for (const e of this.events) {
      const tid = e.id;
      if (!open.has(tid)) {
        open.set(tid, { created: e.ts, waiting: null, label: e.task });
        out.push({ name: "thread_name", ph: "M", ts: 0, pid, tid, args: { name: e.task } });
      }
      const state = open.get(tid)!;
      switch (e.kind) {
        case "waiting":
          closeWait(tid, e.ts, undefined);
          state.waiting = e;
          break;
        case "woken":
          closeWait(tid, e.ts, e.detail);
          break;
        case "done":
        case "failed":
        case "cancelled": {
          closeWait(tid, e.ts, e.kind);
          const args: Record<string, string> = { outcome: e.kind };
          if (e.detail !== undefined) args.detail = e.detail;
          out.push({ name: state.label, cat: "task", ph: "X", ts: us(state.created), dur: us(e.ts - state.created), pid, tid, args });
          out.push({ name: e.kind, cat: "task", ph: "i", s: "t", ts: us(e.ts), pid, tid, ...(e.detail !== undefined && { args: { detail: e.detail } }) });
          open.delete(tid);
          break;
        }
        default:
          out.push({ name: e.kind, cat: "task", ph: "i", s: "t", ts: us(e.ts), pid, tid });
      }
    }
    for (const [tid, state] of open) {
      closeWait(tid, end, "pending");
      out.push({ name: state.label, cat: "task", ph: "X", ts: us(state.created), dur: us(end - state.created), pid, tid, args: { outcome: "pending" } });
    }
    return { traceEvents: out, displayTimeUnit: "ms" };
  }

  /** Writes `toChromeTrace()` as JSON to `path`, to open in Perfetto (ui.perfetto.dev) or chrome://tracing. */
  async writeChromeTrace(path: string): Promise<void> {
    if (typeof path !== "string" || path === "") {
      throw new TypeError(`TaskTrace.writeChromeTrace(path): path must be a file path (a non-empty string), got ${describeValue(path)}.`);
    }
    await writeFile(path, `${JSON.stringify(this.toChromeTrace())}\n`, "utf8");
  }

  private accepts(task: Task<unknown>): boolean {
    return this.loop === null || task.getLoop() === this.loop;
  }

  private traced(task: Task<unknown>): TracedTask {
    let entry = this.tasks.get(task);
    if (entry === undefined) {
      const id = this.nextId++;
      const name = task.getName();
      entry = { id, label: DEFAULT_NAME.test(name) ? `task#${id}` : name };
      this.tasks.set(task, entry);
    }
    return entry;
  }

  private describe(awaited: Future<unknown>): string {
    if (awaited instanceof Task) return `task ${this.traced(awaited as Task<unknown>).label}`;
    return awaited.constructor.name;
  }

  private record(task: Task<unknown>, kind: TaskEventKind, detail?: string): void {
    if (!this.accepts(task)) return;
    const { id, label } = this.traced(task);
    const ts = task.getLoop().time();
    this.events.push(detail === undefined ? { ts, kind, id, task: label } : { ts, kind, id, task: label, detail });
  }
}
