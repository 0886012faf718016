// Effect 4's side of the http workload: Effect.runPromise per request of Effect.sleep(1) under
// Effect.timeout, on the same node:http server as the other implementations.
import { createServer } from "node:http";
import { Effect } from "effect";
import type { Impl } from "../impl.js";
import { fail, jsonBody, REQUEST_TIMEOUT_MS, reply } from "../json-reply.js";
import { underLoad } from "../under-load.js";

const handler = Effect.gen(function* () {
  yield* Effect.sleep(1);
  return jsonBody();
}).pipe(Effect.timeout(REQUEST_TIMEOUT_MS));

export const impl: Impl = (seconds) =>
  underLoad(
    createServer((_req, res) => {
      Effect.runPromise(handler).then(
        (text) => reply(res, text),
        () => fail(res),
      );
    }),
    seconds,
  );
