import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { appDir, ensureBuilt } from "./helpers/built-cli.js";
import { type CliResult, spawnCli } from "./helpers/spawn-cli.js";

/** Runs the example as the tour does (it sends itself requests, then a real SIGTERM), in a child. */
function tourOfHttpService(): Promise<CliResult> {
  ensureBuilt();
  const dist = (file: string) => JSON.stringify(pathToFileURL(join(appDir, "dist", file)).href);
  const script = `
    const { runTour } = await import(${dist("tour.js")});
    const { example } = await import(${dist("examples/http-service.js")});
    const [result] = await runTour([example]);
    if (result.error !== undefined) process.exitCode = 1;
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: appDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe("http-service", () => {
  it("in the tour: serves, times out, notices a hang-up, stops on its own SIGTERM, and every finally runs", async () => {
    const result = await tourOfHttpService();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l.startsWith("   | ")).map((l) => l.slice(5));
    expect(lines).toEqual([
      "service: listening on 127.0.0.1; the demo client sends four requests, then SIGTERM",
      "request 1: GET /hello",
      'request 1: 200 "answer to /hello"',
      "request 1: finally ran",
      "client: /hello -> 200 answer to /hello",
      "request 2: GET /slow",
      "request 2: 504 after 300 ms, downstream fetch aborted",
      "request 2: finally ran",
      "client: /slow -> 504 timed out",
      "request 3: GET /slow",
      "client: /slow -> hung up",
      "request 3: cancelled (the client hung up), downstream fetch aborted",
      "request 3: finally ran",
      "request 4: GET /slow",
      "client: sending SIGTERM while request 4 is in flight",
      "request 4: cancelled (the service is shutting down), downstream fetch aborted",
      "request 4: finally ran",
      "downstream: 4 calls, 3 hung up on by the service before the answer",
      "service: stopped; 4 of 4 request handlers ran their finally",
      "run() rejected with SignalInterrupt (SIGTERM): a graceful stop, exit code 0",
    ]);
  });

  for (const [signal, exitCode, tail] of [
    ["SIGINT", 130, "run() rejected with KeyboardInterrupt: exit code 130"],
    ["SIGTERM", 0, "run() rejected with SignalInterrupt (SIGTERM): a graceful stop, exit code 0"],
  ] as const) {
    it(`as a process: real loopback requests, then a real ${signal} with one in flight`, async () => {
      let base = "";
      const client: Promise<string[]>[] = [];
      const result = await spawnCli(["example", "http-service"], {
        onLine: (line, child) => {
          const listening = /^service: listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(line);
          if (listening !== null) {
            base = listening[1]!;
            client.push(
              (async () => {
                const seen: string[] = [];
                const hello = await fetch(`${base}/hello`);
                seen.push(`${hello.status} ${await hello.text()}`);
                const slow = await fetch(`${base}/slow`);
                seen.push(`${slow.status} ${await slow.text()}`);
                const inFlight = fetch(`${base}/slow`).then(
                  async (r) => `${r.status} ${await r.text()}`,
                  () => "connection lost",
                );
                return [...seen, await inFlight];
              })(),
            );
          }
          if (line === "request 3: GET /slow") setTimeout(() => child.kill(signal), 50);
        },
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(exitCode);
      expect(await client[0]).toEqual(["200 answer to /hello", "504 timed out", "503 shutting down"]);
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines.filter((l) => l.endsWith("finally ran"))).toEqual([
        "request 1: finally ran",
        "request 2: finally ran",
        "request 3: finally ran",
      ]);
      expect(lines).toContain("request 3: cancelled (the service is shutting down), downstream fetch aborted");
      // Whether request 3 reached the downstream server before the signal is up to timing here.
      expect(lines.at(-3)).toMatch(/^downstream: [23] calls, [12] hung up on by the service before the answer$/);
      expect(lines.slice(-2)).toEqual(["service: stopped; 3 of 3 request handlers ran their finally", tail]);
    });
  }
});
