import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installNode, resolveNodeVersion } from "../../../scripts/lib/node-binary.mjs";
import { listeningPorts } from "../src/cli/find-inspector.js";
import { importTsio, LOCK_CYCLE, runTsio, startTarget, type Target } from "./helpers/attach-targets.js";

/** The Node lines users run, besides the one running the tests (TSIO_ATTACH_LINES=22 narrows it). */
const LINES = (process.env.TSIO_ATTACH_LINES ?? "22,24,26").split(",").filter(Boolean);
const nodes: Record<string, string> = { [`current (${process.version})`]: process.execPath };

beforeAll(async () => {
  for (const line of LINES) nodes[line] = await installNode(resolveNodeVersion(line));
}, 300_000);

/** Each target opens its inspector on a free port, so attaches never fight over 9229. */
const ANY_PORT = "--inspect-port=0";
const major = (node: string): number => Number((nodes[node] === process.execPath ? process.versions.node : /(\d+)\.\d+\.\d+/.exec(nodes[node]!)![1]!).split(".")[0]);

const started: Target[] = [];
afterAll(async () => {
  for (const t of started) await t.stop();
});
async function target(command: string, args: readonly string[], options?: Parameters<typeof startTarget>[2]): Promise<Target> {
  const t = await startTarget(command, args, options);
  started.push(t);
  return t;
}

/** The inspector ports the target listens on after the attach has closed its inspector again. */
async function settledPorts(pid: number): Promise<number[]> {
  for (let i = 0; i < 40; i++) {
    const ports = listeningPorts(pid) ?? [];
    if (ports.length === 0) return ports;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return listeningPorts(pid) ?? [];
}

describe.each(["current", ...LINES])("tsio ps / pstree against real processes on Node %s", (line) => {
  const key = (): string => (line === "current" ? Object.keys(nodes)[0]! : line);
  const node = (): string => nodes[key()]!;

  it("ps prints a row per task: id, name, state, what it awaits (a lock's holder), who awaits it, its age", async () => {
    const t = await target(node(), [ANY_PORT, "--input-type=module", "-e", LOCK_CYCLE], { env: { TSIO_DEBUG: "1" } });
    const { code, stdout, stderr } = await runTsio(node(), ["ps", String(t.pid)]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+AWAITING\s+AWAITED BY\s+AGE$/);
    expect(lines).toHaveLength(5);
    expect(stdout).toMatch(/^\d+\s+left\s+waiting\s+lock <Lock locked waiters=1> held by #\d+\s+#\d+,#\d+\s+\d+ms$/m);
    expect(stdout).toMatch(/^\d+\s+heartbeat\s+waiting\s+sleep <sleep until [\d.]+ pending> \(in \d+ ms\)\s+#\d+\s+\d+ms$/m);
    expect(stdout).toMatch(/^\d+\s+Task-\d+\s+waiting\s+gather <gather of 3, 3 pending> on #\d+, #\d+, #\d+\s+-\s+\d+ms$/m);
    expect(t.alive()).toBe(true);
  });

  it("pstree prints the await tree and reports the lock cycle as a cycle", async () => {
    const t = await target(node(), [ANY_PORT, "--input-type=module", "-e", LOCK_CYCLE]);
    const { code, stdout } = await runTsio(node(), ["pstree", String(t.pid)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^4 task\(s\), 1 await cycle\(s\)\ncycle: #(\d+) left -> #(\d+) right -> #\1 left\n/);
    expect(stdout).toMatch(/^└── #\d+ Task-\d+ waiting on gather/m);
    expect(stdout).toMatch(/^ {4}├── #\d+ left waiting on lock <Lock locked waiters=1> held by #\d+$/m);
    expect(stdout).toMatch(/#\d+ left \(cycle\)$/m);
  });

  it("--json prints the graph itself", async () => {
    const t = await target(node(), [ANY_PORT, "--input-type=module", "-e", LOCK_CYCLE]);
    const { code, stdout } = await runTsio(node(), ["pstree", String(t.pid), "--json"]);
    expect(code).toBe(0);
    const graph = JSON.parse(stdout) as { tasks: { name: string; id: number }[]; cycles: number[][] };
    const id = (name: string) => graph.tasks.find((x) => x.name === name)!.id;
    expect(graph.cycles).toEqual([[id("left"), id("right")]]);
  });

  it("closes the inspector it opened, leaves the program running, and can attach again", async () => {
    const t = await target(node(), [ANY_PORT, "--input-type=module", "-e", LOCK_CYCLE]);
    expect(listeningPorts(t.pid)).toEqual([]);
    expect((await runTsio(node(), ["ps", String(t.pid)])).code).toBe(0);
    expect(await settledPorts(t.pid)).toEqual([]);
    expect((await runTsio(node(), ["pstree", String(t.pid)])).code).toBe(0);
    expect(await settledPorts(t.pid)).toEqual([]);
    expect(t.alive()).toBe(true);
  });

  it("uses an inspector that was already open, and leaves it open", async () => {
    const t = await target(node(), ["--inspect=127.0.0.1:0", "--input-type=module", "-e", LOCK_CYCLE]);
    const before = listeningPorts(t.pid)!;
    expect(before).toHaveLength(1);
    expect((await runTsio(node(), ["ps", String(t.pid)])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listeningPorts(t.pid)).toEqual(before);
  });

  it("opens the inspector on Node's default port when the target sets none", async () => {
    const t = await target(node(), ["--input-type=module", "-e", LOCK_CYCLE]);
    const { code, stdout } = await runTsio(node(), ["pstree", String(t.pid)]);
    expect(code).toBe(0);
    expect(stdout).toContain("1 await cycle(s)");
    expect(await settledPorts(t.pid)).toEqual([]);
  });

  it("says so when port 9229 is taken by another process, so the target cannot open its inspector", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(9229, "127.0.0.1", resolve));
    try {
      const t = await target(node(), ["--input-type=module", "-e", LOCK_CYCLE]);
      const { code, stderr } = await runTsio(node(), ["ps", String(t.pid), "--timeout", "1000"]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `tsio: process ${t.pid} could not open its inspector: port 9229 is taken by another process; free it, or start the target with --inspect-port=0 (any free port), which tsio finds\n`,
      );
      expect(t.alive()).toBe(true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("a Node process that runs no tsio gets a one-line error, and keeps running", async () => {
    const t = await target(node(), [ANY_PORT, "-e", "setInterval(() => {}, 1000); console.log('ready')"]);
    const { code, stdout, stderr } = await runTsio(node(), ["ps", String(t.pid)]);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: "", stderr: `tsio: process ${t.pid} runs no tsio loop (tsio is not loaded in it)\n` });
    expect(await settledPorts(t.pid)).toEqual([]);
    expect(t.alive()).toBe(true);
  });

  it("a process that loaded tsio but runs no loop right now gets a one-line error", async () => {
    const script = `${importTsio("run")}\nawait run(async () => {});\nsetInterval(() => {}, 1000);\nconsole.log("ready");`;
    const t = await target(node(), [ANY_PORT, "--input-type=module", "-e", script]);
    const { code, stderr } = await runTsio(node(), ["ps", String(t.pid)]);
    expect(code).toBe(1);
    expect(stderr).toBe(`tsio: process ${t.pid} loads tsio but runs no event loop right now\n`);
  });

  it("no such pid, a process that is not Node, one it may not signal: one line each, exit code 1", async () => {
    const gone = await target(node(), ["-e", "console.log('ready')"]);
    await new Promise((resolve) => gone.child.once("exit", resolve));
    expect(await runTsio(node(), ["ps", String(gone.pid)])).toEqual({ code: 1, stdout: "", stderr: `tsio: no process with pid ${gone.pid}\n` });

    const sleeper = await target("sleep", ["30"], { readyLine: null });
    const notNode = await runTsio(node(), ["ps", String(sleeper.pid)]);
    expect(notNode.code).toBe(1);
    expect(notNode.stderr).toMatch(new RegExp(`^tsio: process ${sleeper.pid} is not a Node.js process \\(.*sleep\\); SIGUSR1 could end it, so tsio does not send it\\n$`));
    expect(sleeper.alive()).toBe(true);

    // As root every process may be signalled: run tsio as "nobody" against a root-owned target.
    const asRoot = process.getuid?.() === 0;
    const owned = asRoot ? sleeper.pid : 1;
    const denied = await runTsio(node(), ["ps", String(owned)], asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(denied).toEqual({
      code: 1,
      stdout: "",
      stderr: `tsio: not permitted to signal process ${owned} (it belongs to another user): run tsio as that user, or as root\n`,
    });
  });

  it("an inspector that never opens fails after --timeout, in one line", async (ctx) => {
    // --disable-sigusr1 exists from Node 22.14 / 23.7; the target then ignores the signal.
    if (major(key()) < 22) ctx.skip();
    const t = await target(node(), ["--disable-sigusr1", "--input-type=module", "-e", LOCK_CYCLE]);
    const { code, stderr } = await runTsio(node(), ["ps", String(t.pid), "--timeout", "300"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^tsio: the inspector of process ${t.pid} was not reachable within 300 ms`));
    expect(t.alive()).toBe(true);
  });

  it("usage mistakes exit with code 2 and the usage", async () => {
    for (const args of [[], ["ps"], ["ps", "abc"], ["top", "1"], ["ps", "1", "--timeout", "0"], ["ps", "1", "--bogus"]]) {
      const { code, stderr } = await runTsio(node(), args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(/^tsio: .*\nusage: tsio <command> <pid>/);
    }
    const help = await runTsio(node(), ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: tsio <command> <pid>/);
  });
});
