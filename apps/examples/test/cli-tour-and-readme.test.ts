import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examples } from "../src/examples.js";
import { runTour } from "../src/tour.js";
import { appDir } from "./helpers/built-cli.js";
import { expectLines } from "./helpers/capture.js";
import { spawnCli } from "./helpers/spawn-cli.js";

describe("the CLI", () => {
  it("--list names every example", async () => {
    const result = await spawnCli(["--list"]);
    expect(result.code).toBe(0);
    const names = result.stdout
      .split("\n")
      .filter((line) => /^\S/.test(line))
      .map((line) => line.split(" ")[0]);
    expect(names).toEqual(examples.map((e) => e.name));
  });

  it("example <name> --virtual runs one example on virtual time", async () => {
    const started = performance.now();
    const result = await spawnCli(["example", "event-loop", "--virtual"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expectLines(result.stdout.trimEnd().split("\n"), [
      "Task A: starting",
      "Task B: starting",
      "Task B: done",
      "Task A: done",
      "Both done at 2000 ms of loop time",
    ]);
    expect(performance.now() - started).toBeLessThan(1900); // the 2 s of sleeping took no real time
  });

  it("an unknown example exits with code 2 and names the real ones", async () => {
    const result = await spawnCli(["example", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No example called "nope"');
    expect(result.stderr).toContain("event-loop");
  });
});

describe("the tour", () => {
  it("prints each example under a heading, then its real elapsed time, then a summary", async () => {
    const lines: string[] = [];
    const picked = examples.filter((e) => e.name === "run" || e.name === "gather");
    const results = await runTour(picked, { virtual: true, print: (line) => lines.push(line) });
    expect(results.map((r) => [r.name, r.error])).toEqual([
      ["run", undefined],
      ["gather", undefined],
    ]);
    expectLines(lines, [
      "",
      "== 1/2  run: run(): the entry point",
      `   ${picked[0]!.shows}`,
      "   | Hello, world",
      / {3}-- run took \d+ ms of real time \(virtual clock\)/,
      "",
      "== 2/2  gather: gather(): results in order",
      `   ${picked[1]!.shows}`,
      "   | AAPL: $150",
      "   | GOOG: $150",
      "   | MSFT: $150",
      / {3}-- gather took \d+ ms of real time \(virtual clock\)/,
      "",
      /Tour finished: 2 of 2 examples ran in \d+\.\d s of real time\./,
    ]);
  });
});

describe("README", () => {
  it("has a row for every example with the command that runs it", () => {
    const readme = readFileSync(join(appDir, "README.md"), "utf8");
    for (const e of examples) expect(readme).toContain(`| \`pnpm example ${e.name}\``);
  });
});
