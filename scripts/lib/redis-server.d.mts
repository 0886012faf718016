// Types for redis-server.mjs, which TypeScript tests and apps import.
import type { ChildProcess } from "node:child_process";

/** Whether `redis-server` is on PATH. */
export declare function haveRedisServer(): boolean;
/** A port nothing listens on right now. */
export declare function freePort(): Promise<number>;
/** A real redis-server, in memory only, on 127.0.0.1. */
export interface RedisProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Stops it (SIGTERM; it saves nothing) and waits for it to exit. */
  stop(): Promise<void>;
}
/**
 * Starts `redis-server` on `port` (a free one by default) and waits until it accepts connections
 * (10 s at most). `detached` puts it in its own process group, so a Ctrl-C is not for it.
 */
export declare function startRedis(options?: { port?: number; detached?: boolean; stderr?: "ignore" | "inherit" }): Promise<RedisProcess>;
