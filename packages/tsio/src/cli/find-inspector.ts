import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";
import net from "node:net";

/**
 * Node's default inspector port, which SIGUSR1 opens unless the target set `--inspect-port`.
 *
 * @example
 * ```ts
 * await inspectorUrl(DEFAULT_INSPECTOR_PORT);
 * ```
 */
export const DEFAULT_INSPECTOR_PORT = 9229;

/**
 * The TCP ports `pid` listens on at 127.0.0.1 / ::1 (Linux, from /proc), or `null` where /proc
 * cannot tell (another OS, or no permission to read the process's descriptors).
 *
 * @example
 * ```ts
 * listeningPorts(process.pid); // [] until something listens
 * ```
 */
export function listeningPorts(pid: number): number[] | null {
  if (process.platform !== "linux") return null;
  let inodes: Set<string>;
  try {
    inodes = new Set();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return null;
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is cols[1] as HEXIP:HEXPORT, st is cols[3] (0A = LISTEN), inode is cols[9].
      if (cols.length < 10 || cols[3] !== "0A" || !inodes.has(cols[9]!)) continue;
      const port = Number.parseInt(cols[1]!.split(":")[1]!, 16);
      if (!ports.includes(port)) ports.push(port);
    }
  }
  return ports;
}

/**
 * The WebSocket URL of the inspector listening on `port` (its `/json/list` entry), or `null` if
 * nothing there answers as a Node inspector.
 *
 * @example
 * ```ts
 * await inspectorUrl(9229); // "ws://127.0.0.1:9229/2c1f..." or null
 * ```
 */
export function inspectorUrl(port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/json/list", timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        try {
          const targets = JSON.parse(body) as { webSocketDebuggerUrl?: unknown }[];
          const url = targets.find((t) => typeof t.webSocketDebuggerUrl === "string")?.webSocketDebuggerUrl;
          resolve(typeof url === "string" ? url : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
  });
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:`port` (to tell "the port is taken by
 * another process" from "the inspector never opened").
 *
 * @example
 * ```ts
 * if (await portTaken(9229)) console.log("9229 is in use");
 * ```
 */
export function portTaken(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (taken: boolean): void => {
      socket.destroy();
      resolve(taken);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
