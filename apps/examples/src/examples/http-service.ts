import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  CancelledError,
  type Future,
  getRunningLoop,
  KeyboardInterrupt,
  SignalInterrupt,
  type Task,
  TimeoutError,
  taskGroup,
  timeout,
} from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "http-service",
  title: "An http service: a task per request, a timeout each, graceful shutdown",
  shows:
    "each request is a task handed to its function: its signal aborts the downstream fetch on the request's timeout, when the client hangs up, and at shutdown (SIGINT or SIGTERM), and every handler's finally runs",
  kind: "program",
  realTimeOnly: "it serves real http requests on 127.0.0.1",
  main,
};

/** How long one request may take, downstream call included. */
const REQUEST_TIMEOUT_MS = 300;
/** How long the downstream server's `/slow` takes: longer than any request may wait. */
const SLOW_MS = 10_000;

async function main({ print, run, interactive, setExitCode }: ExampleContext): Promise<void> {
  async function service(): Promise<void> {
    const loop = getRunningLoop();
    let nextId = 0;
    let finallyRan = 0;
    // Milestones that keep the demo client's lines in order: request n has run its finally, the
    // downstream server has received its n-th call.
    const finished = new Map<number, Future<void>>();
    const calledDownstream = new Map<number, Future<void>>();
    const milestone = (table: Map<number, Future<void>>, id: number): Future<void> => {
      let fut = table.get(id);
      if (fut === undefined) {
        fut = loop.createFuture<void>();
        table.set(id, fut);
      }
      return fut;
    };

    // The downstream service: a plain Node server that answers /slow after SLOW_MS, and counts the
    // calls that were hung up on before it answered (the proof that each fetch was aborted).
    let downstreamCalls = 0;
    let downstreamAborted = 0;
    const inFlight = new Set<http.ServerResponse>();
    let allAnswered: (() => void) | null = null;
    const downstream = http.createServer((req, res) => {
      downstreamCalls++;
      inFlight.add(res);
      milestone(calledDownstream, downstreamCalls).setResult();
      res.setHeader("connection", "close");
      const answer = setTimeout(() => res.end(`answer to ${req.url}`), req.url === "/slow" ? SLOW_MS : 0);
      res.on("close", () => {
        clearTimeout(answer);
        if (!res.writableFinished) downstreamAborted++;
        inFlight.delete(res);
        if (inFlight.size === 0) allAnswered?.();
      });
    });
    const downstreamUrl = `http://127.0.0.1:${await listen(downstream)}`;

    /** One request, as a task: `task.signal` reaches the downstream fetch. */
    async function handle(task: Task<unknown>, id: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
      let why = "the service is shutting down";
      res.on("close", () => {
        if (res.writableFinished) return;
        why = "the client hung up";
        task.cancel(why);
      });
      print(`request ${id}: GET ${req.url}`);
      try {
        const body = await timeout(REQUEST_TIMEOUT_MS, async () => {
          const upstream = await fetch(`${downstreamUrl}${req.url}`, { signal: task.signal });
          return upstream.text();
        });
        res.end(body);
        print(`request ${id}: 200 "${body}"`);
      } catch (err) {
        if (err instanceof TimeoutError) {
          res.statusCode = 504;
          res.end("timed out");
          print(`request ${id}: 504 after ${REQUEST_TIMEOUT_MS} ms, downstream fetch aborted`);
          return;
        }
        if (!(err instanceof CancelledError)) {
          res.statusCode = 502;
          res.end("bad gateway");
          print(`request ${id}: 502 (${String(err)})`);
          return;
        }
        print(`request ${id}: cancelled (${why}), downstream fetch aborted`);
        if (!res.destroyed) {
          res.statusCode = 503;
          res.end("shutting down");
        }
        throw err;
      } finally {
        finallyRan++;
        print(`request ${id}: finally ran`);
        milestone(finished, id).setResult();
      }
    }

    try {
      await taskGroup(async (group) => {
        // The request callback is ordinary code: it awaits nothing itself and makes each request a
        // task of the group, which the group cancels and waits for when the service stops.
        const front = http.createServer((req, res) => {
          res.setHeader("connection", "close");
          const id = ++nextId;
          group.createTask((task) => handle(task, id, req, res), { name: `request ${id}` });
        });
        group.createTask(async () => {
          try {
            await loop.createFuture<never>(); // serve until the service is cancelled
          } finally {
            // Stop accepting; the connections in use close as their handlers answer (503).
            const closed = new Promise((resolve) => front.close(resolve));
            front.closeIdleConnections();
            await closed;
          }
        });
        const frontUrl = `http://127.0.0.1:${await listen(front)}`;
        if (interactive) {
          print(`service: listening on ${frontUrl} (try /hello and /slow); Ctrl-C or SIGTERM stops it`);
          return;
        }
        print("service: listening on 127.0.0.1; the demo client sends four requests, then SIGTERM");
        group.createTask(() => demoClient(frontUrl), { name: "demo client" });
      });
    } finally {
      // An aborted fetch reaches the downstream server as its socket closes, a moment later.
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          allAnswered = resolve;
        });
      }
      const downstreamClosed = new Promise((resolve) => downstream.close(resolve));
      downstream.closeAllConnections(); // every call has ended: only unused keep-alive sockets are left
      await downstreamClosed;
      print(`downstream: ${downstreamCalls} calls, ${downstreamAborted} hung up on by the service before the answer`);
      print(`service: stopped; ${finallyRan} of ${nextId} request handlers ran their finally`);
    }

    async function demoClient(frontUrl: string): Promise<void> {
      const get = async (path: string, signal?: AbortSignal): Promise<string> => {
        const res = await fetch(`${frontUrl}${path}`, { ...(signal !== undefined && { signal }) });
        return `${res.status} ${await res.text()}`;
      };
      print(`client: /hello -> ${await get("/hello")}`);
      print(`client: /slow -> ${await get("/slow")}`);
      const hangUp = new AbortController();
      const third = get("/slow", hangUp.signal).catch(() => "hung up");
      await milestone(calledDownstream, 3);
      hangUp.abort();
      print(`client: /slow -> ${await third}`);
      await milestone(finished, 3);
      void get("/slow").catch(() => undefined);
      await milestone(calledDownstream, 4);
      print("client: sending SIGTERM while request 4 is in flight");
      process.kill(process.pid, "SIGTERM");
    }
  }

  try {
    await run(service, { signals: ["SIGINT", "SIGTERM"] });
  } catch (err) {
    if (err instanceof KeyboardInterrupt) {
      print("run() rejected with KeyboardInterrupt: exit code 130");
      setExitCode(130);
    } else if (err instanceof SignalInterrupt) {
      print(`run() rejected with SignalInterrupt (${err.signal}): a graceful stop, exit code 0`);
    } else {
      throw err;
    }
  }
}

/** Listens on 127.0.0.1, on a free port, and returns the port. */
function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}
