export { BullExecutor, type BullExecutorOptions } from "./bull-executor.js";
export { JobRemovedError, JsonPayloadError, NamedJobsOnlyError, RedisConnectionError, RemoteJobError } from "./errors.js";
export { checkJson, type JobPayload, type JsonValue } from "./job-payload.js";
export { type JobEnd, type JobOutcome, type JobServer, type ServeJobsOptions, type ShutdownMode, serveJobs } from "./serve-jobs.js";
