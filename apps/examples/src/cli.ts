import { createContext } from "./context.js";
import { examples, findExample } from "./examples.js";
import { runTour } from "./tour.js";

const USAGE = `usage:
  pnpm start                         the tour: every example, one after the other
  pnpm example <name> [--virtual]    one example (--virtual: on virtual time)
  pnpm example --list                the examples and what each shows`;

function list(): void {
  const width = Math.max(...examples.map((e) => e.name.length));
  for (const e of examples) {
    console.log(`${e.name.padEnd(width)}  ${e.kind.padEnd(7)}  ${e.title}`);
    console.log(`${" ".repeat(width)}  ${" ".repeat(7)}  ${e.shows}`);
  }
}

async function runOne(name: string, virtualAsked: boolean): Promise<void> {
  const example = findExample(name);
  if (example === undefined) {
    console.error(`No example called "${name}". These exist: ${examples.map((e) => e.name).join(", ")}`);
    process.exitCode = 2;
    return;
  }
  let virtual = virtualAsked;
  if (virtual && example.realTimeOnly !== undefined) {
    console.log(`(${example.name} runs on real time: ${example.realTimeOnly})`);
    virtual = false;
  }
  // A standalone run is interactive: the service waits for your Ctrl-C.
  await example.main(createContext({ virtual, interactive: true }));
}

async function cli(argv: readonly string[]): Promise<void> {
  const flags = new Set(argv.filter((a) => a.startsWith("-")));
  const [command, name] = argv.filter((a) => !a.startsWith("-"));
  for (const flag of flags) {
    if (!["--virtual", "--list", "--help", "-h"].includes(flag)) {
      console.error(`Unknown option ${flag}.\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
  }
  if (flags.has("--help") || flags.has("-h")) {
    console.log(USAGE);
    return;
  }
  if (flags.has("--list")) {
    list();
    return;
  }
  if (command === "tour") {
    const results = await runTour(examples, { virtual: flags.has("--virtual") });
    if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
    return;
  }
  if (command === "example" && name !== undefined) {
    await runOne(name, flags.has("--virtual"));
    return;
  }
  console.error(USAGE);
  process.exitCode = 2;
}

await cli(process.argv.slice(2));
