import { parseArgs } from "node:util";
import { formatCallGraph } from "@tsio/tasks";
import { captureRemoteGraph } from "./attach.js";
import { CliError } from "./cli-error.js";
import { formatPs } from "./format-ps.js";

const USAGE = `usage: tsio <command> <pid> [--json] [--timeout <ms>]

commands:
  ps <pid>       a table of the tasks of a running tsio program: id, name, state, awaiting, awaited by, age
  pstree <pid>   the await tree of its tasks, with await cycles reported as such

options:
  --json          print the call graph as JSON instead
  --timeout <ms>  how long to wait for the target's inspector (default 5000)

tsio attaches with SIGUSR1 (which opens the target's Node inspector on 127.0.0.1), reads the graph
through the inspector protocol, and closes the inspector again.`;

/**
 * The `tsio` bin: parses `argv` (without node and the script), runs the command and returns the
 * exit code: 0 on success, 1 when the target cannot be inspected, 2 for a usage mistake. Output goes
 * through `out`, the one-line errors through `err`.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
 * ```
 */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    const { command, pid, json, timeoutMs } = parseCommand(argv);
    if (command === "help") {
      out(`${USAGE}\n`);
      return 0;
    }
    const graph = await captureRemoteGraph(pid, { timeoutMs });
    if (json) out(`${JSON.stringify(graph, null, 2)}\n`);
    else out(`${command === "ps" ? formatPs(graph) : formatCallGraph(graph)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      err(`tsio: ${error.message}\n`);
      if (error.exitCode === 2) err(`${USAGE}\n`);
      return error.exitCode;
    }
    err(`tsio: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

interface Command {
  command: "ps" | "pstree" | "help";
  pid: number;
  json: boolean;
  timeoutMs: number;
}

function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  const { values, positionals } = parsed;
  const [command, pidText, ...rest] = positionals;
  if (values.help || command === "help" || command === undefined) {
    if (command === undefined && !values.help) throw new CliError("no command given", 2);
    return { command: "help", pid: 0, json: false, timeoutMs: 0 };
  }
  if (command !== "ps" && command !== "pstree") throw new CliError(`unknown command "${command}"`, 2);
  if (pidText === undefined) throw new CliError(`${command} needs the pid of the process to inspect`, 2);
  if (rest.length > 0) throw new CliError(`unexpected argument "${rest[0]}"`, 2);
  if (!/^[1-9]\d*$/.test(pidText)) throw new CliError(`"${pidText}" is not a pid (a positive whole number)`, 2);
  const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new CliError(`--timeout must be a positive number of ms, got "${values.timeout}"`, 2);
  return { command, pid: Number(pidText), json: values.json === true, timeoutMs };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
