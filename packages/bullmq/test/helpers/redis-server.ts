import { type RedisProcess, startRedis as start } from "../../../../scripts/lib/redis-server.mjs";

export { freePort, haveRedisServer, type RedisProcess } from "../../../../scripts/lib/redis-server.mjs";

/** Starts `redis-server` on `port` (a free one by default); its stderr shows in the test output. */
export function startRedis(port?: number): Promise<RedisProcess> {
  return start({ ...(port !== undefined && { port }), stderr: "inherit" });
}
