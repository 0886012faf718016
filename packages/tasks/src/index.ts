// The kernel's errors and loop access, so that `npm i @tsio/tasks` users need no second import.
export {
  CancelledError,
  EventLoopError,
  getRunningLoop,
  InvalidStateError,
  TimeoutError,
} from "@tsio/loop";
export { allTasks } from "./all-tasks.js";
export { type AsCompletedOptions, asCompleted } from "./as-completed.js";
export { type Awaitable, type AwaitableResult, ensureFuture, type FutureOf } from "./awaitable.js";
export { type Backoff, type ExponentialOptions, exponential, fixed } from "./backoff.js";
export {
  type CallGraph,
  type CallGraphAwait,
  type CallGraphNode,
  type CallGraphTask,
  type CallGraphTaskState,
  captureCallGraph,
} from "./call-graph.js";
export { CancelScope, type CancelScopeOptions } from "./cancel-scope.js";
export { type CreateTaskOptions, createTask } from "./create-task.js";
export { DeadlockError } from "./deadlock-error.js";
export { KeyboardInterrupt } from "./errors.js";
export { failAfter, failAt } from "./fail-after.js";
export { formatAwaiting, formatCallGraph } from "./format-call-graph.js";
export { type GatherOptions, type GatherResult, gather } from "./gather.js";
export { moveOnAfter, moveOnAt } from "./move-on-after.js";
export { printCallGraph } from "./print-call-graph.js";
export { type RetryInfo, type RetryOptions, retry } from "./retry.js";
export { retryErrors } from "./retry-errors.js";
export { Runner, type RunOptions, run } from "./runner.js";
export { shield } from "./shield.js";
export { SignalInterrupt } from "./signal-interrupt.js";
export { sleep } from "./sleep.js";
export { Task, type TaskFunction } from "./task.js";
export { currentTask } from "./task-context.js";
export { type ReadyFunction, type StartFunction, TaskGroup, taskGroup } from "./task-group.js";
export { TaskGroupError } from "./task-group-error.js";
export { setTaskObserver, type TaskObserver } from "./task-observer.js";
export { reportUnretrieved } from "./task-registry.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  type WaitResult,
  wait,
} from "./wait.js";
export { waitFor } from "./wait-for.js";
