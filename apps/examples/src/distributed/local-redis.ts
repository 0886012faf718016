import { type RedisProcess, startRedis } from "../../../../scripts/lib/redis-server.mjs";

export { haveRedisServer } from "../../../../scripts/lib/redis-server.mjs";

/** How to get one, for the tour's message. */
export const HOW_TO_GET_REDIS =
  "redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis; or docker run -p 6379:6379 redis) and run this again.";

/** A throwaway in-memory redis-server on 127.0.0.1, in its own process group (Ctrl-C is not for it). */
export function startLocalRedis(): Promise<RedisProcess> {
  return startRedis({ detached: true });
}
