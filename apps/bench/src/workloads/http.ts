import { createServer } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { createTask, currentTask, run, sleep, timeout } from "@tsio/tasks";
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

  tsio: (seconds) =>
    run(async () => {
      // TODO(Runner#createTask): start each request with `runner.createTask(fn)` on a Runner kept
      // beside the server, once it exists; until then the server lives inside run(main) and the
      // handler calls createTask on the loop that is running.
      const server = createServer((_req, res) => {
        createTask(async () => {
          const task = currentTask()!;
          try {
            reply(res, await timeout(REQUEST_TIMEOUT_MS, () => handle(task.signal)));
          } catch {
            fail(res);
          }
        });
      });
      return underLoad(server, seconds);
    }),

  effect: lazyImpl(() => import("../effect/http.js")),
};
