import { createServer } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { Runner, sleep, timeout } from "@tsio/tasks";
import { type ImplTable, lazyImpl } from "../impl.js";
import { fail, jsonBody, REQUEST_TIMEOUT_MS, reply } from "../json-reply.js";
import { underLoad } from "../under-load.js";

/** The application's handler as a framework calls it: with its task's signal, for its own I/O. */
async function handle(signal: AbortSignal): Promise<string> {
  await sleep(1);
  signal.throwIfAborted();
  return jsonBody();
}

export const impls: ImplTable = {
  plain: (seconds) =>
    underLoad(
      createServer(async (_req, res) => {
        try {
          await delay(1);
          reply(res, jsonBody());
        } catch {
          fail(res);
        }
      }),
      seconds,
    ),

  tsio: async (seconds) => {
    // As a framework embeds tsio: one Runner beside the server, one task per request.
    const runner = new Runner();
    const server = createServer((_req, res) => {
      runner.createTask(async (task) => {
        try {
          reply(res, await timeout(REQUEST_TIMEOUT_MS, () => handle(task.signal)));
        } catch {
          fail(res);
        }
      });
    });
    try {
      return await underLoad(server, seconds);
    } finally {
      await runner.close();
    }
  },

  effect: lazyImpl(() => import("../effect/http.js")),
};
