import { setTaskObserver, Task, type TaskObserver } from "@tsio/tasks";

/**
 * What the property tests hear about every task while a program runs. Installed once per test
 * file: the task observer (created/started/done), a wrapper around `Task.prototype.cancel` that
 * records every accepted cancellation request (the only way to tell "cancelled because someone
 * asked" from "ended cancelled because a child's CancelledError propagated"), and a listener for
 * unhandled promise rejections.
 */
export interface TaskListener {
  created(task: Task<unknown>): void;
  started(task: Task<unknown>): void;
  done(task: Task<unknown>): void;
  cancelRequested(task: Task<unknown>): void;
}

let listener: TaskListener | null = null;
const unhandled: unknown[] = [];

/** Routes task events to `next` (or nowhere with `null`) until the next call. */
export function listenToTasks(next: TaskListener | null): void {
  listener = next;
}

/** Unhandled rejections seen since the last call, oldest first. */
export function takeUnhandledRejections(): unknown[] {
  return unhandled.splice(0);
}

/** Installs the observer, the cancel wrapper and the rejection listener; returns the uninstaller. */
export function installInstrumentation(): () => void {
  const observer: TaskObserver = {
    created: (task) => listener?.created(task),
    started: (task) => listener?.started(task),
    done: (task) => listener?.done(task),
  };
  const previous = setTaskObserver(observer);
  const originalCancel = Object.getOwnPropertyDescriptor(Task.prototype, "cancel")!;
  const cancel = originalCancel.value as Task<unknown>["cancel"];
  Object.defineProperty(Task.prototype, "cancel", {
    ...originalCancel,
    value: function cancelRecorded(this: Task<unknown>, msg?: string): boolean {
      const accepted = cancel.call(this, msg);
      if (accepted) listener?.cancelRequested(this);
      return accepted;
    },
  });
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on("unhandledRejection", onUnhandled);
  return () => {
    process.removeListener("unhandledRejection", onUnhandled);
    Object.defineProperty(Task.prototype, "cancel", originalCancel);
    setTaskObserver(previous);
    listener = null;
  };
}
