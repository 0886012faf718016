import { run } from "@tsio/tasks";
import { describe, expect } from "vitest";
import * as bullExports from "../src/index.js";
import {
  BullExecutor,
  checkJson,
  JobRemovedError,
  JsonPayloadError,
  NamedJobsOnlyError,
  RedisConnectionError,
  RemoteJobError,
  serveJobs,
} from "../src/index.js";
import { parseWorkerArgs } from "../src/worker-cli.js";
import { delayRows, describeBadInput, type Entry } from "./helpers/bad-input-table.js";
import { JOBS } from "./helpers/worker-process.js";

const inTask = (body: () => Promise<void>) => run(body, { handleSigint: false });
// Every row fails before a connection is made, so none needs Redis.
const connection = { host: "127.0.0.1", port: 1 };
const executorWith = (options: Record<string, unknown>) => () => new BullExecutor({ queueName: "q", connection, ...options } as never);
const serveWith = (options: Record<string, unknown>) => () => serveJobs({ queueName: "q", connection, modules: { jobs: JOBS }, ...options } as never);

const table: Record<string, Entry> = {
  BullExecutor: [
    ["no options", () => new BullExecutor(undefined as never), TypeError, /new BullExecutor\(options\)/],
    ["an unknown option", executorWith({ queue: "q" }), TypeError, /unknown option "?queue"?|queue/],
    ["an empty queueName", executorWith({ queueName: "" }), TypeError, /queueName must be a non-empty string without ":"/],
    ["a queueName with a colon", executorWith({ queueName: "a:b" }), TypeError, /BullMQ's key separator/],
    ["no connection", executorWith({ connection: undefined }), TypeError, /connection must be Redis connection options \(\{ host, port \} or \{ url \}\) or a Redis client, got undefined/],
    ["a connection string", executorWith({ connection: "redis://x" }), TypeError, /connection must be Redis connection options/],
    ["jobOptions.jobId", executorWith({ jobOptions: { jobId: "1" } }), TypeError, /jobOptions\.jobId cannot be set: every job needs its own id/],
    ["jobOptions not an object", executorWith({ jobOptions: 3 }), TypeError, /jobOptions must be BullMQ job options, got number 3/],
    ["an empty prefix", executorWith({ prefix: "" }), TypeError, /prefix must be a non-empty string/],
    // undefined is the default, not a mistake.
    ...delayRows("connectionLostTimeout", (ms) => executorWith({ connectionLostTimeout: ms })(), /connectionLostTimeout/).filter(([label]) => !label.endsWith("undefined")),
  ],
  serveJobs: [
    ["no modules", serveWith({ modules: undefined }), TypeError, /modules must map names to module paths \(\{ images: "\.\/images\.js" \}\)/, "rejects"],
    ["empty modules", serveWith({ modules: {} }), TypeError, /modules is empty: register at least one module/, "rejects"],
    ["a module path that does not exist", serveWith({ modules: { jobs: "./nope.js" } }), TypeError, /modules\.jobs: no file at .*nope\.js \(relative paths are from the current directory/, "rejects"],
    ["a module path that is a number", serveWith({ modules: { jobs: 5 } }), TypeError, /modules\.jobs must be a module path or file: URL, got number 5/, "rejects"],
    ["concurrency 0", serveWith({ concurrency: 0 }), RangeError, /concurrency must be a positive integer, got number 0/, "rejects"],
    ["concurrency 1.5", serveWith({ concurrency: 1.5 }), RangeError, /concurrency must be a positive integer/, "rejects"],
    ["an unknown shutdown mode", serveWith({ shutdown: "later" }), TypeError, /shutdown must be "finish" or "cancel", got string "later"|shutdown must be "finish" or "cancel"/, "rejects"],
    ["signals not an array", serveWith({ signals: "SIGINT" }), TypeError, /signals must be an array of signal names/, "rejects"],
    ["a negative lockDuration", serveWith({ lockDuration: -1 }), RangeError, /lockDuration/, "rejects"],
    ["a negative maxStalledCount", serveWith({ maxStalledCount: -1 }), RangeError, /maxStalledCount must be an integer ≥ 0/, "rejects"],
    ["a threadPool that is not one", serveWith({ threadPool: {} }), TypeError, /threadPool must be a ThreadPool/, "rejects"],
    ["no connection", serveWith({ connection: null }), TypeError, /connection must be Redis connection options/, "rejects"],
  ],
  checkJson: [
    ["a function", () => checkJson([() => 1], "args"), JsonPayloadError, /args\[0\]: a function \(no code travels through the queue\) cannot travel as JSON/],
    ["a bigint", () => checkJson({ n: 1n }, "args"), JsonPayloadError, /args\.n: a bigint \(1n\) \(send it as a string\)/],
    ["a cycle", () => {
      const a: unknown[] = [];
      a.push(a);
      checkJson(a, "args");
    }, JsonPayloadError, /args\[0\]: a cycle/],
    ["undefined in an array", () => checkJson([1, undefined], "args"), JsonPayloadError, /args\[1\]: undefined/],
    ["a hole in an array", () => checkJson(new Array(2), "args"), JsonPayloadError, /args\[0\]: a hole in an array/],
    ["a Map", () => checkJson([new Map()], "args"), JsonPayloadError, /args\[0\]: an instance of Map/],
    ["a Set", () => checkJson([new Set()], "args"), JsonPayloadError, /args\[0\]: an instance of Set/],
    ["a Date", () => checkJson([new Date(0)], "args"), JsonPayloadError, /args\[0\]: .*Date/],
    ["a Uint8Array", () => checkJson([new Uint8Array(2)], "args"), JsonPayloadError, /args\[0\]: .*Uint8Array/],
    ["Infinity", () => checkJson([Number.POSITIVE_INFINITY], "args"), JsonPayloadError, /args\[0\]: Infinity \(JSON turns it into null\)/],
    ["a symbol", () => checkJson([Symbol("s")], "args"), JsonPayloadError, /args\[0\]: a symbol/],
    ["an object with toJSON", () => checkJson([{ toJSON: () => 1 }], "args"), JsonPayloadError, /args\[0\]: an object with its own toJSON\(\)/],
  ],
  JsonPayloadError: { none: "an error class", check: () => expect(new JsonPayloadError("m", "args[0]").path).toBe("args[0]") },
  NamedJobsOnlyError: { none: "an error class", check: () => expect(new NamedJobsOnlyError("m")).toBeInstanceOf(TypeError) },
  RemoteJobError: {
    none: "an error class built from what the worker sent",
    check: () => expect(new RemoteJobError({ name: "TypeError", message: "m", stack: "" }, "7").remoteName).toBe("TypeError"),
  },
  JobRemovedError: { none: "an error class", check: () => expect(new JobRemovedError("m", "7").jobId).toBe("7") },
  RedisConnectionError: { none: "an error class", check: () => expect(new RedisConnectionError("m").name).toBe("RedisConnectionError") },
};

describe("@tsio/bullmq: bad input gets a typed error at the call, naming the argument and the fix", () => {
  describeBadInput(bullExports, table, inTask);
});

describe("tsio-worker: bad flags get a clear error", () => {
  describeBadInput(
    { parseWorkerArgs },
    {
      parseWorkerArgs: [
        ["no --queue", () => parseWorkerArgs(["--module", "a=./a.js"]), TypeError, /--queue <name> is required/],
        ["no --module", () => parseWorkerArgs(["--queue", "q"]), TypeError, /at least one --module <name>=<path> is required/],
        ["a --module without =", () => parseWorkerArgs(["--queue", "q", "--module", "a"]), TypeError, /--module takes <name>=<path>, got "a"/],
        ["--concurrency 0", () => parseWorkerArgs(["--queue", "q", "--module", "a=x", "--concurrency", "0"]), RangeError, /--concurrency takes an integer ≥ 1, got "0"/],
        ["--shutdown later", () => parseWorkerArgs(["--queue", "q", "--module", "a=x", "--shutdown", "later"]), TypeError, /--shutdown takes finish or cancel/],
        ["an unknown flag", () => parseWorkerArgs(["--queue", "q", "--nope"]), TypeError, /Unknown option '--nope'/],
      ],
    },
    inTask,
  );
});
