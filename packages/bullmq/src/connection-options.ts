import { describeValue } from "@tsio/loop";
import type { ConnectionOptions } from "bullmq";

/**
 * @internal Checks a `connection` option and says where it points, for error messages: BullMQ's
 * connection options (`{ host, port }`, `{ url }`), or an ioredis client it may share.
 */
export function describeConnection(connection: unknown, what: string): string {
  assertConnection(connection, what);
  const options = ((connection as { options?: unknown }).options ?? connection) as Record<string, unknown>;
  if (typeof options.url === "string") return options.url.replace(/\/\/[^@/]*@/, "//");
  if (typeof options.path === "string") return options.path;
  const host = typeof options.host === "string" ? options.host : "localhost";
  const port = typeof options.port === "number" ? options.port : 6379;
  return `${host}:${port}`;
}

/** @internal Checks a `connection` option. */
export function assertConnection(connection: unknown, what: string): asserts connection is ConnectionOptions {
  if (typeof connection !== "object" || connection === null) {
    throw new TypeError(`${what}: connection must be Redis connection options ({ host, port } or { url }) or a Redis client, got ${describeValue(connection)}.`);
  }
}

/** @internal Checks a queue name option. */
export function assertQueueName(name: unknown, what: string): asserts name is string {
  if (typeof name !== "string" || name === "" || name.includes(":")) {
    throw new TypeError(`${what}: queueName must be a non-empty string without ":" (BullMQ's key separator), got ${describeValue(name)}.`);
  }
}
