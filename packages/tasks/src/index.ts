export { allTasks } from "./all-tasks.js";
export { type CreateTaskOptions, createTask } from "./create-task.js";
export { KeyboardInterrupt } from "./errors.js";
export { type RunOptions, Runner, run } from "./runner.js";
export { sleep } from "./sleep.js";
export { currentTask } from "./task-context.js";
export { reportUnretrieved } from "./task-registry.js";
export { setTaskObserver, type TaskObserver } from "./task-observer.js";
export { Task, type TaskFunction } from "./task.js";
