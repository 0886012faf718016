import { createServer, type ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { createTask, currentTask, run, sleep, timeout } from "@tsio/tasks";
import { Effect } from "effect";
import type { ImplTable } from "../impl.js";
import { underLoad } from "../under-load.js";

/** Far above the 1 ms a request needs: the timeout is there for what it costs, not to fire. */
const REQUEST_TIMEOUT_MS = 5_000;
const JSON_HEADERS = { "content-type": "application/json" };

let served = 0;

/** The small JSON body every implementation answers. */
function body(): string {
  served += 1;
  return JSON.stringify({ ok: true, served });
}

function reply(res: ServerResponse, text: string): void {
  res.writeHead(200, JSON_HEADERS).end(text);
}

/** A request that timed out or was cancelled: a 503, which fails the sample. */
function fail(res: ServerResponse): void {
  res.writeHead(503, JSON_HEADERS).end('{"ok":false}');
}

/** The application's handler as a framework calls it: with its task's signal, for its own I/O. */
async function handle(signal: AbortSignal): Promise<string> {
  await sleep(1);
  signal.throwIfAborted();
  return body();
}

const effectHandler = Effect.gen(function* () {
  yield* Effect.sleep(1);
  return body();
}).pipe(Effect.timeout(REQUEST_TIMEOUT_MS));

export const impls: ImplTable = {
  plain: (seconds) =>
    underLoad(
      createServer(async (_req, res) => {
        try {
          await delay(1);
          reply(res, body());
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

  effect: (seconds) =>
    underLoad(
      createServer((_req, res) => {
        Effect.runPromise(effectHandler).then(
          (text) => reply(res, text),
          () => fail(res),
        );
      }),
      seconds,
    ),
};
