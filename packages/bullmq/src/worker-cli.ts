import { parseArgs } from "node:util";
import type { ServeJobsOptions, ShutdownMode } from "./serve-jobs.js";

/**
 * @internal The `tsio-worker` usage text.
 */
export const WORKER_USAGE = `Usage: tsio-worker --queue <name> --module <name>=<path> [options]
  --queue <name>             the BullMQ queue to serve (the callers' BullExecutor queueName)
  --module <name>=<path>     a module served under <name> (repeat for more); path from the current directory
  --redis <url>              where Redis is (default redis://127.0.0.1:6379)
  --concurrency <n>          jobs at once (default 1)
  --prefix <prefix>          BullMQ key prefix (default bull)
  --shutdown finish|cancel   what running jobs do on SIGINT/SIGTERM (default finish)
  --threads <n>              run jobs on a thread pool of n threads instead of the loop
  --lock-duration <ms>       BullMQ lockDuration (default 30000)
  --stalled-interval <ms>    BullMQ stalledInterval (default 30000)
  --max-stalled-count <n>    BullMQ maxStalledCount (default 1)`;

/** @internal `serveJobs` options (and the thread count) from `tsio-worker`'s command line. */
export interface WorkerCommand {
  readonly options: Omit<ServeJobsOptions, "threadPool">;
  readonly threads: number | undefined;
  readonly help: boolean;
}

function count(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`tsio-worker: ${flag} takes an integer ≥ ${min}, got "${text}".`);
  return value;
}

/** @internal Parses `tsio-worker`'s flags; a clear error for a missing or bad one. */
export function parseWorkerArgs(argv: readonly string[]): WorkerCommand {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      queue: { type: "string" },
      module: { type: "string", multiple: true },
      redis: { type: "string" },
      concurrency: { type: "string" },
      prefix: { type: "string" },
      shutdown: { type: "string" },
      threads: { type: "string" },
      "lock-duration": { type: "string" },
      "stalled-interval": { type: "string" },
      "max-stalled-count": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help === true) return { options: { queueName: "", connection: {}, modules: {} }, threads: undefined, help: true };
  if (values.queue === undefined) throw new TypeError("tsio-worker: --queue <name> is required.");
  const modules: Record<string, string> = {};
  for (const entry of values.module ?? []) {
    const at = entry.indexOf("=");
    if (at <= 0 || at === entry.length - 1) throw new TypeError(`tsio-worker: --module takes <name>=<path>, got "${entry}".`);
    modules[entry.slice(0, at)] = entry.slice(at + 1);
  }
  if (Object.keys(modules).length === 0) throw new TypeError("tsio-worker: at least one --module <name>=<path> is required.");
  const shutdown = values.shutdown ?? "finish";
  if (shutdown !== "finish" && shutdown !== "cancel") throw new TypeError(`tsio-worker: --shutdown takes finish or cancel, got "${shutdown}".`);
  const lockDuration = count("--lock-duration", values["lock-duration"], 1);
  const stalledInterval = count("--stalled-interval", values["stalled-interval"], 1);
  const maxStalledCount = count("--max-stalled-count", values["max-stalled-count"], 0);
  return {
    options: {
      queueName: values.queue,
      connection: { url: values.redis ?? "redis://127.0.0.1:6379" },
      modules,
      concurrency: count("--concurrency", values.concurrency, 1) ?? 1,
      shutdown: shutdown as ShutdownMode,
      ...(values.prefix !== undefined && { prefix: values.prefix }),
      ...(lockDuration !== undefined && { lockDuration }),
      ...(stalledInterval !== undefined && { stalledInterval }),
      ...(maxStalledCount !== undefined && { maxStalledCount }),
    },
    threads: count("--threads", values.threads, 1),
    help: false,
  };
}
