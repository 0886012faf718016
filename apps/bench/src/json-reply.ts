import type { ServerResponse } from "node:http";

/** Far above the 1 ms a request needs: the http workload's timeouts are there for their cost. */
export const REQUEST_TIMEOUT_MS = 5_000;

const JSON_HEADERS = { "content-type": "application/json" };
let served = 0;

/**
 * The small JSON body every http implementation answers, made per request as a handler would.
 *
 * @example
 * ```ts
 * jsonBody(); // '{"ok":true,"served":1}'
 * ```
 */
export function jsonBody(): string {
  served += 1;
  return JSON.stringify({ ok: true, served });
}

/**
 * Answers 200 with `text` as JSON.
 *
 * @example
 * ```ts
 * reply(res, jsonBody());
 * ```
 */
export function reply(res: ServerResponse, text: string): void {
  res.writeHead(200, JSON_HEADERS).end(text);
}

/**
 * Answers 503: the request timed out or was cancelled, which fails the sample.
 *
 * @example
 * ```ts
 * fail(res);
 * ```
 */
export function fail(res: ServerResponse): void {
  res.writeHead(503, JSON_HEADERS).end('{"ok":false}');
}
