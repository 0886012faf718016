import { getRunningLoop, Queue, QueueShutDown, sleep, taskGroup } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "pipeline",
  title: "Producer/consumer pipeline over bounded queues",
  shows:
    "a reader, two parsers and a writer joined by Queue({ maxsize: 2 }): full queues slow the reader down, and shutdown() drains each stage in turn so nothing is lost",
  kind: "program",
  main,
};

interface Parsed {
  readonly id: number;
  readonly level: string;
  readonly parser: string;
}

const INPUT = [
  "1 INFO service started",
  "2 WARN disk 81% full",
  "3 INFO request served",
  "4 ERROR upstream timed out",
  "5 INFO request served",
  "6 WARN retrying upstream",
];

async function main({ print, run }: ExampleContext): Promise<void> {
  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    const at = (): string => `${String(Math.round(loop.time() - start)).padStart(4)} ms`;
    const raw = new Queue<string>({ maxsize: 2 });
    const parsed = new Queue<Parsed>({ maxsize: 2 });
    const stored: Parsed[] = [];
    let parsersLeft = 2;

    async function reader(): Promise<void> {
      try {
        for (const line of INPUT) {
          await sleep(20); // reading a line from somewhere slow
          if (raw.full()) print(`${at()}  reader: raw queue full, waiting for a parser`);
          await raw.put(line);
        }
      } finally {
        // No more input: parsers finish what is queued, then their loops end.
        raw.shutdown();
        print(`${at()}  reader: done, raw queue shut down`);
      }
    }

    async function parser(name: string): Promise<void> {
      try {
        for await (const line of raw) {
          await sleep(100); // parsing is the slow stage
          const [id = "0", level = "?"] = line.split(" ");
          await parsed.put({ id: Number(id), level, parser: name });
        }
      } finally {
        if (--parsersLeft === 0) {
          parsed.shutdown();
          print(`${at()}  ${name}: last parser done, parsed queue shut down`);
        }
      }
    }

    async function writer(): Promise<void> {
      for await (const record of parsed) {
        await sleep(10);
        stored.push(record);
        print(`${at()}  writer: stored #${record.id} ${record.level} (from ${record.parser})`);
      }
      print(`${at()}  writer: parsed queue drained`);
    }

    await taskGroup(async (group) => {
      group.createTask(reader, { name: "reader" });
      group.createTask(() => parser("parser-1"), { name: "parser-1" });
      group.createTask(() => parser("parser-2"), { name: "parser-2" });
      group.createTask(writer, { name: "writer" });
    });

    const ids = stored.map((r) => r.id).sort((a, b) => a - b);
    print(`${INPUT.length} lines in, ${stored.length} records stored (${ids.join(", ")}): nothing lost`);
    try {
      await raw.put("7 INFO too late");
    } catch (err) {
      print(`a put after shutdown throws ${err instanceof QueueShutDown ? "QueueShutDown" : String(err)}`);
    }
  });
}
