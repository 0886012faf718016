import { CliError } from "./cli-error.js";

/** The part of the WHATWG `WebSocket` this client uses (global from Node 22; Node 20 behind a flag). */
interface SocketLike {
  send(data: string): void;
  close(): void;
  addEventListener(type: "open" | "close" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}
type SocketConstructor = new (url: string) => SocketLike;

interface Reply {
  id: number;
  result?: { result?: { type: string; value?: unknown; description?: string }; exceptionDetails?: { text?: string; exception?: { description?: string } } };
  error?: { message: string };
}

/**
 * One Chrome DevTools Protocol session with a Node inspector over its WebSocket: just enough to
 * `Runtime.evaluate` an expression and read its value back.
 *
 * @example
 * ```ts
 * const session = await InspectorSession.open("ws://127.0.0.1:9229/0f2c...", 5000);
 * console.log(await session.evaluate("process.pid"));
 * session.close();
 * ```
 */
export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private closed = false;

  private constructor(
    private readonly socket: SocketLike,
    private readonly timeoutMs: number,
  ) {
    socket.addEventListener("message", (event) => {
      let reply: Reply;
      try {
        reply = JSON.parse(String(event.data)) as Reply;
      } catch {
        return;
      }
      const settle = this.pending.get(reply.id);
      if (settle === undefined) return;
      this.pending.delete(reply.id);
      settle(reply);
    });
    socket.addEventListener("close", () => {
      this.closed = true;
      for (const settle of this.pending.values()) settle({ id: 0, error: { message: "the inspector closed the connection" } });
      this.pending.clear();
    });
  }

  /** Connects to `url`, failing with a `CliError` after `timeoutMs`. */
  static open(url: string, timeoutMs: number): Promise<InspectorSession> {
    const Socket = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (Socket === undefined) throw new CliError("this Node has no WebSocket client: run tsio on Node 22+ (on Node 20 the bin re-runs itself with --experimental-websocket)");
    return new Promise((resolve, reject) => {
      const socket = new Socket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new CliError(`the inspector at ${url} did not accept a connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new InspectorSession(socket, timeoutMs));
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new CliError(`could not connect to the inspector at ${url}`));
      });
    });
  }

  /** Evaluates `expression` in the target's main context and returns its value (by value). */
  async evaluate(expression: string): Promise<unknown> {
    const reply = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: false });
    if (reply.error !== undefined) throw new CliError(`the inspector refused the evaluation: ${reply.error.message}`);
    const details = reply.result?.exceptionDetails;
    if (details !== undefined) throw new CliError(`evaluating in the target failed: ${details.exception?.description ?? details.text ?? "unknown error"}`);
    return reply.result?.result?.value;
  }

  /** Closes the connection (the target's inspector stays open until told otherwise). */
  close(): void {
    if (!this.closed) this.socket.close();
    this.closed = true;
  }

  private send(method: string, params: object): Promise<Reply> {
    if (this.closed) return Promise.reject(new CliError("the inspector connection is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CliError(`the inspector did not answer ${method} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
}
