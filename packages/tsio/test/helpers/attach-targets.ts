import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The built bin and umbrella entry, as a user's install has them. */
export const tsioBin = fileURLToPath(new URL("../../dist/bin/tsio.js", import.meta.url));
const tsioEntry = pathToFileURL(fileURLToPath(new URL("../../dist/index.js", import.meta.url))).href;

/** `import { names } from "tsio"` for a target script. */
export const importTsio = (names: string): string => `import { ${names} } from ${JSON.stringify(tsioEntry)};`;

/** Two tasks deadlocked on two locks, under a main task gathering them and a heartbeat. */
export const LOCK_CYCLE = `
${importTsio("createTask, gather, Lock, run, sleep")}
await run(async () => {
  const a = new Lock();
  const b = new Lock();
  const left = createTask(async () => { await a.acquire(); await sleep(5); await b.acquire(); }, { name: "left" });
  const right = createTask(async () => { await b.acquire(); await sleep(5); await a.acquire(); }, { name: "right" });
  const heartbeat = createTask(async () => { for (;;) await sleep(1000); }, { name: "heartbeat" });
  await sleep(20);
  console.log("ready");
  await gather(left, right, heartbeat);
});`;

export interface Target {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Kills it and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts `node [nodeArgs] -e script` (or `command` itself) and resolves once it printed `ready`. */
export function startTarget(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; readyLine?: string | null } = {},
): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
    let exited = false;
    const exit = new Promise<void>((done) => child.once("exit", () => done()));
    child.once("exit", () => {
      exited = true;
    });
    const target: Target = {
      pid: child.pid!,
      child,
      alive: () => !exited,
      stop: async () => {
        if (!exited) child.kill("SIGKILL");
        await exit;
      },
    };
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    if (options.readyLine === null) {
      setTimeout(() => resolve(target), 200);
      return;
    }
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.split("\n").includes(options.readyLine ?? "ready")) resolve(target);
    });
    child.once("exit", (code) => reject(new Error(`target exited with ${code} before it was ready:\n${stderr}`)));
  });
}

export interface TsioResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `tsio` bin under `node` with `args`. */
export function runTsio(node: string, args: readonly string[], options: { uid?: number; gid?: number } = {}): Promise<TsioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [tsioBin, ...args], { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}
