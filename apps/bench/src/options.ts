import { resolveNodeVersion } from "../../../scripts/lib/node-binary.mjs";

/**
 * What `pnpm bench` was asked for on its command line.
 *
 * @example
 * ```ts
 * const options = parseOptions(["--quick", "--filter", "spawn-await"]);
 * ```
 */
export interface BenchOptions {
  /** Smaller sizes and fewer repeats. */
  quick: boolean;
  /** Workload names (or parts of names) to run; all when empty. */
  filter: string[];
  /** Implementation names to run; all when empty. */
  impls: string[];
  /** Child processes per workload × implementation; the median is reported. */
  repeats: number | undefined;
  /** Overrides every workload's size. */
  n: number | undefined;
  /** Where to write the JSON, Markdown and SVG results. */
  out: string | undefined;
  /** Write a V8 CPU profile of every Node child (`node --cpu-prof`) into this directory. */
  cpuProf: string | undefined;
  /** Compare wall-clock workloads by CPU time instead (steadier on a busy machine). */
  byCpu: boolean;
  /**
   * Node releases to run the children on, newest first (`--node 20,24,26` gives their pinned
   * releases); empty for the Node that runs the bench.
   */
  nodes: string[];
  list: boolean;
  help: boolean;
}

/**
 * The usage text printed by `--help`.
 *
 * @example
 * ```ts
 * console.log(USAGE);
 * ```
 */
export const USAGE = `Usage: pnpm bench [-- options]
  --quick              smaller sizes, one repeat (about a tenth of the default run)
  --filter <names>     only workloads whose name contains one of these (comma-separated)
  --impl <names>       only these implementations (comma-separated, e.g. tsio,promise)
  --repeats <k>        child processes per workload × implementation (default 3, quick 1)
  --n <count>          run every selected workload at this size
  --out <dir>          write results here (default: results/ for a full run, .tmp/ otherwise)
  --cpu-prof <dir>     write a V8 CPU profile of every Node child into <dir>
  --metric cpu         compare by CPU time per op instead of wall time (steadier when the
                       machine is busy; cpu-batch, which is about parallel speed-up, stays on wall)
  --node <lines>       run the children on these Node lines, one column each (e.g. 20,24,26 or
                       24.21.0); installed from the registry once and cached. Default: this Node
  --list               list the workloads and exit`;

function positiveInt(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${flag} takes a positive integer, got ${text === undefined ? "nothing" : `"${text}"`}`);
  }
  return value;
}

/** Newest first, so the first column is the headline line. */
function byVersionDescending(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return y![i]! - x![i]!;
  return 0;
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * Parses the bench's arguments. A bare `--` (what some package managers forward) is ignored.
 * Throws `RangeError` for an unknown flag or a missing value.
 *
 * @example
 * ```ts
 * parseOptions(["--", "--filter=timers", "--repeats", "5"]).repeats; // 5
 * ```
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    filter: [],
    impls: [],
    repeats: undefined,
    n: undefined,
    out: undefined,
    cpuProf: undefined,
    byCpu: false,
    nodes: [],
    list: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new RangeError(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--quick":
        options.quick = true;
        break;
      case "--filter":
        options.filter.push(...list(value()));
        break;
      case "--impl":
        options.impls.push(...list(value()));
        break;
      case "--repeats":
        options.repeats = positiveInt(flag, value());
        break;
      case "--n":
        options.n = positiveInt(flag, value());
        break;
      case "--out":
        options.out = value();
        break;
      case "--cpu-prof":
        options.cpuProf = value();
        break;
      case "--metric": {
        const metric = value();
        if (metric !== "cpu" && metric !== "wall") throw new RangeError(`--metric takes cpu or wall, got "${metric}"`);
        options.byCpu = metric === "cpu";
        break;
      }
      case "--node":
        for (const spec of list(value())) {
          const version = resolveNodeVersion(spec);
          if (!options.nodes.includes(version)) options.nodes.push(version);
        }
        options.nodes.sort(byVersionDescending);
        break;
      case "--list":
        options.list = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new RangeError(`unknown option "${arg}"\n${USAGE}`);
    }
  }
  return options;
}
