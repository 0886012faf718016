import { describe, it } from "vitest";
import { example as coroutines } from "../src/examples/coroutines.js";
import { example as createTask } from "../src/examples/create-task.js";
import { example as eventLoop } from "../src/examples/event-loop.js";
import { example as gather } from "../src/examples/gather.js";
import { example as inspectContext } from "../src/examples/inspect-context.js";
import { example as nestedRun } from "../src/examples/nested-run.js";
import { example as returnExceptions } from "../src/examples/return-exceptions.js";
import { example as run } from "../src/examples/run.js";
import { example as sleep } from "../src/examples/sleep.js";
import { capture, expectLines } from "./helpers/capture.js";

// Every seed example on virtual time: the guide's own lines, in the guide's order, then the few
// lines tsio adds (timings, the honest extras).
describe("the seed examples print what the guide promises", () => {
  it("event-loop: B finishes first, both done at 2000 ms", async () => {
    const { lines } = await capture(eventLoop, { virtual: true });
    expectLines(lines, ["Task A: starting", "Task B: starting", "Task B: done", "Task A: done", "Both done at 2000 ms of loop time"]);
  });

  it("coroutines: calling an async function returns a Promise that already started", async () => {
    const { lines } = await capture(coroutines, { virtual: true });
    expectLines(lines, [
      "type: Promise",
      "greet's body ran 1 time(s) before anything awaited it",
      "await greet() -> Hello!",
      "run(greet) -> Hello!",
      "await greet() inside a task -> Hello!",
      "await createTask(greet) -> Hello!",
      "run(greet()) -> TypeError: pass the function, not its promise",
    ]);
  });

  it("run: Hello, world", async () => {
    const { lines } = await capture(run, { virtual: true });
    expectLines(lines, ["Hello, world"]);
  });

  it("nested-run: EventLoopError before the inner function starts", async () => {
    const { lines } = await capture(nestedRun, { virtual: true });
    expectLines(lines, [
      "EventLoopError: run() cannot be called from a running event loop: await the async function (or createTask it) instead.",
      "is EventLoopError: true; other ran: false",
      "await other() -> other's result",
    ]);
  });

  it("create-task: ['user_1', 'user_2']", async () => {
    const { lines } = await capture(createTask, { virtual: true });
    expectLines(lines, ["['user_1', 'user_2']"]);
  });

  it("gather: three stocks in order", async () => {
    const { lines } = await capture(gather, { virtual: true });
    expectLines(lines, ["AAPL: $150", "GOOG: $150", "MSFT: $150"]);
  });

  it("return-exceptions: two results for two awaitables (the guide's third is a typo)", async () => {
    const { lines } = await capture(returnExceptions, { virtual: true });
    expectLines(lines, [
      "[ValueError('something went wrong'), undefined]",
      "without returnExceptions: ValueError('something went wrong') after 0 ms",
      "the sleeping sibling ended with CancelledError",
    ]);
  });

  it("sleep: Step 1, Step 2, Done! over 2000 ms", async () => {
    const { lines } = await capture(sleep, { virtual: true });
    expectLines(lines, [
      "Step 1...",
      "Step 2...",
      "Done!",
      "(2000 ms of loop time, and the loop was free the whole while)",
    ]);
  });

  it("inspect-context: the running task, the task count and the loop", async () => {
    const { lines } = await capture(inspectContext, { virtual: true });
    expectLines(lines, [
      "Running task: <Task pending name='main' fn=main>",
      "All active tasks: 1",
      "Running loop: <EventLoop running=true closed=false debug=false>",
      "with a helper running: 2 active",
      "inside the helper: helper, 2 active",
      "outside run(): EventLoopError: no running event loop: call this from code started by run(main) (or loop.runUntilComplete()).",
    ]);
  });
});
