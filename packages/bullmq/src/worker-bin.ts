#!/usr/bin/env node
// tsio-worker: serveJobs() from the command line. Prints one line when it takes jobs and one with
// its counts when it stops (SIGINT/SIGTERM: running jobs finish, or are cancelled with --shutdown cancel).
import { ThreadPool } from "@tsio/thread";
import { serveJobs } from "./serve-jobs.js";
import { parseWorkerArgs, WORKER_USAGE } from "./worker-cli.js";

let command: ReturnType<typeof parseWorkerArgs>;
try {
  command = parseWorkerArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${WORKER_USAGE}`);
  process.exit(2);
}
if (command.help) {
  console.log(WORKER_USAGE);
  process.exit(0);
}
const pool = command.threads === undefined ? undefined : new ThreadPool({ maxThreads: command.threads, minThreads: 0 });
const server = await serveJobs({ ...command.options, ...(pool !== undefined && { threadPool: pool }) });
console.log(`tsio-worker ${process.pid}: serving queue "${server.queueName}" (${Object.keys(command.options.modules).join(", ")})`);
await server.closed;
await pool?.close();
const { completed, failed, cancelled } = server.counts;
console.log(`tsio-worker ${process.pid}: stopped${server.stopSignal === undefined ? "" : ` on ${server.stopSignal}`}: ${completed} completed, ${failed} failed, ${cancelled} cancelled`);
if (server.stopSignal !== undefined) process.exitCode = server.stopSignal === "SIGINT" ? 130 : 143;
