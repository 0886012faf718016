import { describe, it } from "vitest";
import { example as blockingSleep } from "../src/examples/blocking-sleep.js";
import { example as forgotAwait } from "../src/examples/forgot-await.js";
import { example as runTwice } from "../src/examples/run-twice.js";
import { example as taskReferences } from "../src/examples/task-references.js";
import { capture, expectLines } from "./helpers/capture.js";

describe("the guide's common mistakes, as they play out in tsio", () => {
  it("blocking-sleep: debug mode names the task that blocked the loop and for how long", async () => {
    const { lines } = await capture(blockingSleep, { virtual: true });
    expectLines(lines, [
      "broken(): waiting 150 ms synchronously...",
      /tsio debug: Executing <Task pending name='broken' fn=broken created at .*blocking-sleep\.[jt]s:\d+:\d+\)?> took (?:1[5-9]\d|[2-9]\d\d|\d{4,})\.\d ms: something blocked the event loop \(a synchronous sleep, CPU-heavy work or sync I\/O\?\)\. Offload it with toThread\(\)\./,
      "broken(): done",
      "correct(): await sleep(150)...",
      "correct(): done",
      "correct() was not reported: the loop stayed free while it slept",
    ]);
  });

  it("forgot-await: the body starts anyway, its tail is lost, and debug mode reports a lone sleep", async () => {
    const { lines } = await capture(forgotAwait, { virtual: true });
    expectLines(lines, [
      "-- greet() without await",
      "greet: Hello!",
      "main goes on at once, and returns without waiting for greet",
      "run() is over: greet's second line never printed",
      "-- await greet()",
      "greet: Hello!",
      "greet: ...and goodbye",
      "main waited for the whole of greet",
      "-- sleep(50) without await, in debug mode",
      "main did not wait at all",
      "tsio debug: sleep(50) was never awaited: it ran with no one waiting for it. Did you forget `await`?",
    ]);
  });

  it("run-twice: nested run() throws, sequential runs and a Runner work", async () => {
    const { lines } = await capture(runTwice, { virtual: true });
    expectLines(lines, [
      "nested: EventLoopError (the loop is already running)",
      "fix inside a loop: awaited done",
      "first run(): first done",
      "second run(): second done",
      "Runner: a done, b done, same loop: true",
    ]);
  });

  it("task-references: unreferenced tasks survive forced garbage collection and finish", async () => {
    const { lines } = await capture(taskReferences, { virtual: true });
    expectLines(lines, [
      "3 tasks started, none referenced; allTasks() still sees 3 of them",
      "garbage collection forced 3 times while they slept",
      "task 1 finished",
      "task 2 finished",
      "task 3 finished",
      "3 of 3 finished: the loop keeps a pending task alive until it is done",
    ]);
  });
});
