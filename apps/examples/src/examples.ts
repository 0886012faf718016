import type { Example } from "./example.js";
import { example as blockingSleep } from "./examples/blocking-sleep.js";
import { example as channelPipeline } from "./examples/channel-pipeline.js";
import { example as coroutines } from "./examples/coroutines.js";
import { example as cpuOffload } from "./examples/cpu-offload.js";
import { example as crawler } from "./examples/crawler.js";
import { example as createTask } from "./examples/create-task.js";
import { example as distributed } from "./examples/distributed.js";
import { example as eventLoop } from "./examples/event-loop.js";
import { example as forgotAwait } from "./examples/forgot-await.js";
import { example as gather } from "./examples/gather.js";
import { example as httpService } from "./examples/http-service.js";
import { example as inspectContext } from "./examples/inspect-context.js";
import { example as lockCycle } from "./examples/lock-cycle.js";
import { example as nestedRun } from "./examples/nested-run.js";
import { example as pipeline } from "./examples/pipeline.js";
import { example as progress } from "./examples/progress.js";
import { example as returnExceptions } from "./examples/return-exceptions.js";
import { example as run } from "./examples/run.js";
import { example as runTwice } from "./examples/run-twice.js";
import { example as service } from "./examples/service.js";
import { example as sleep } from "./examples/sleep.js";
import { example as taskReferences } from "./examples/task-references.js";
import { example as toThread } from "./examples/to-thread.js";

/** Every example, in tour order: the guide's sections first, then its mistakes, then real programs. */
export const examples: readonly Example[] = [
  eventLoop,
  coroutines,
  run,
  nestedRun,
  createTask,
  gather,
  returnExceptions,
  sleep,
  blockingSleep,
  toThread,
  inspectContext,
  forgotAwait,
  runTwice,
  taskReferences,
  lockCycle,
  crawler,
  pipeline,
  channelPipeline,
  cpuOffload,
  service,
  httpService,
  progress,
  distributed,
];

/** The example called `name`, or `undefined`. */
export function findExample(name: string): Example | undefined {
  return examples.find((example) => example.name === name);
}
