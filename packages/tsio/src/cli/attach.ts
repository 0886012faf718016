import { readlinkSync } from "node:fs";
import path from "node:path";
import type { CallGraph } from "@tsio/tasks";
import { CliError } from "./cli-error.js";
import { DEFAULT_INSPECTOR_PORT, inspectorUrl, listeningPorts, portTaken } from "./find-inspector.js";
import { InspectorSession } from "./inspector-session.js";

/**
 * Evaluated in the target: tsio's call-graph hook, reached through a registered symbol so that any
 * installed copy (and version) of tsio answers. Kept to plain ES5-level syntax on purpose.
 */
const CAPTURE = `(function () {
  var hook = globalThis[Symbol.for("tsio.callGraph")];
  return hook === undefined ? '{"error":"no-tsio"}' : hook.captureJson();
})()`;

/**
 * Closes the inspector SIGUSR1 opened, once this session has gone: `inspector.close()` waits for
 * open connections, so it runs from a timer after the reply, not inside the evaluation.
 */
const CLOSE = `(function () {
  setTimeout(function () {
    try {
      if (typeof process.getBuiltinModule === "function") process.getBuiltinModule("node:inspector").close();
      else process._debugEnd();
    } catch (e) {}
  }, 20).unref();
  return true;
})()`;

/**
 * Options for `captureRemoteGraph`.
 *
 * @example
 * ```ts
 * const options: AttachOptions = { timeoutMs: 5000 };
 * ```
 */
export interface AttachOptions {
  /** How long to wait for the inspector to open and answer, in ms. */
  readonly timeoutMs: number;
}

/**
 * Attaches to the Node process `pid` the way Node allows without its cooperation: SIGUSR1 opens its
 * inspector (unless one is already open), a WebSocket session evaluates tsio's call graph there,
 * and the inspector is closed again if this opened it. Every failure is a one-line `CliError`.
 *
 * @example
 * ```ts
 * const graph = await captureRemoteGraph(12345, { timeoutMs: 5000 });
 * console.log(graph.tasks.length);
 * ```
 */
export async function captureRemoteGraph(pid: number, options: AttachOptions): Promise<CallGraph> {
  checkSignalable(pid);
  checkIsNode(pid);
  let session = await findSession(pid, options.timeoutMs);
  const opened = session === null;
  if (session === null) {
    process.kill(pid, "SIGUSR1");
    session = await waitForSession(pid, options.timeoutMs);
  }
  try {
    const json = await session.evaluate(CAPTURE);
    if (typeof json !== "string") throw new CliError(`process ${pid} answered the call-graph query with ${typeof json}, not JSON`);
    const parsed = JSON.parse(json) as CallGraph | { error: string };
    if ("error" in parsed) {
      if (parsed.error === "no-tsio") throw new CliError(`process ${pid} runs no tsio loop (tsio is not loaded in it)`);
      throw new CliError(`process ${pid} loads tsio but runs no event loop right now`);
    }
    return parsed;
  } finally {
    if (opened) await session.evaluate(CLOSE).catch(() => undefined);
    session.close();
  }
}

function checkSignalable(pid: number): void {
  if (pid === process.pid) throw new CliError("tsio cannot attach to itself", 2);
  try {
    process.kill(pid, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ESRCH") throw new CliError(`no process with pid ${pid}`);
    if (code === "EPERM") throw new CliError(`not permitted to signal process ${pid} (it belongs to another user): run tsio as that user, or as root`);
    throw new CliError(`cannot signal process ${pid}: ${(err as Error).message}`);
  }
}

/** SIGUSR1 ends a process that does not handle it: refuse what is visibly not Node (Linux only). */
function checkIsNode(pid: number): void {
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return; // no /proc, or not ours to read: the signal decides
  }
  if (!/node/i.test(path.basename(exe))) {
    throw new CliError(`process ${pid} is not a Node.js process (${exe}); SIGUSR1 could end it, so tsio does not send it`);
  }
}

/** The inspector ports to try for `pid`: those it listens on when /proc tells, else Node's default. */
function candidatePorts(pid: number): number[] {
  return listeningPorts(pid) ?? [DEFAULT_INSPECTOR_PORT];
}

/** A session with the inspector of `pid` itself (another process may answer on 9229), or `null`. */
async function findSession(pid: number, timeoutMs: number): Promise<InspectorSession | null> {
  for (const port of candidatePorts(pid)) {
    const url = await inspectorUrl(port);
    if (url === null) continue;
    const session = await InspectorSession.open(url, timeoutMs).catch(() => null);
    if (session === null) continue;
    const answered = await session.evaluate("process.pid").catch(() => null);
    if (answered === pid) return session;
    session.close();
  }
  return null;
}

async function waitForSession(pid: number, timeoutMs: number): Promise<InspectorSession> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const session = await findSession(pid, timeoutMs);
    if (session !== null) return session;
    if (performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ownsDefault = listeningPorts(pid)?.includes(DEFAULT_INSPECTOR_PORT) ?? false;
  if (!ownsDefault && (await portTaken(DEFAULT_INSPECTOR_PORT))) {
    throw new CliError(
      `process ${pid} could not open its inspector: port ${DEFAULT_INSPECTOR_PORT} is taken by another process; free it, or start the target with --inspect-port=0 (any free port), which tsio finds`,
    );
  }
  throw new CliError(
    `the inspector of process ${pid} was not reachable within ${timeoutMs} ms (was it started with --disable-sigusr1, or is port ${DEFAULT_INSPECTOR_PORT} blocked?)`,
  );
}
