// One real redis-server for the bullmq project, on a free port, stopped when the run ends.
// `.ci/run` installs redis-server where it is missing; without it, outside CI, the Redis tests skip.
import type { TestProject } from "vitest/node";
import { haveRedisServer, type RedisProcess, startRedis } from "./helpers/redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared redis-server's port, or 0 when there is none (outside CI only). */
    redisPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!haveRedisServer()) {
    if (process.env.CI) throw new Error("redis-server is not installed: .ci/run installs it (apt-get install -y redis-server).");
    console.warn("@tsio/bullmq: redis-server is not on PATH, so the Redis tests are skipped (apt-get install redis-server).");
    project.provide("redisPort", 0);
    return async () => {};
  }
  const redis: RedisProcess = await startRedis();
  project.provide("redisPort", redis.port);
  return () => redis.stop();
}
