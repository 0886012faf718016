import { describe, expect, it } from "vitest";
import { NODE_LINES } from "../../../scripts/lib/node-binary.mjs";
import { nodeLines } from "../src/node-lines.js";
import { parseOptions } from "../src/options.js";

describe("parseOptions", () => {
  it("rejects an unknown flag and a missing value with a RangeError", () => {
    expect(() => parseOptions(["--fast"])).toThrow(RangeError);
    expect(() => parseOptions(["--filter"])).toThrow(/--filter needs a value/);
    expect(() => parseOptions(["--n", "0"])).toThrow(/positive integer/);
    expect(() => parseOptions(["--node"])).toThrow(/--node needs a value/);
  });

  it("takes Node lines as majors or full versions, newest first, each once", () => {
    const options = parseOptions(["--node", "20,26", "--node=24,26,v24.21.0"]);
    expect(options.nodes).toEqual([NODE_LINES["26"], NODE_LINES["24"], "24.21.0", NODE_LINES["20"]]);
    expect(parseOptions([]).nodes).toEqual([]);
  });

  it("names the known lines when given one it does not know", () => {
    expect(() => parseOptions(["--node", "24,19"])).toThrow(RangeError);
    expect(() => parseOptions(["--node", "lts"])).toThrow(/Node line "lts" is not known: give a major of 20, 22, 24, 26/);
  });
});

describe("nodeLines", () => {
  it("runs on this Node when no line is asked for, gated from Node 24 on", async () => {
    const [line, ...rest] = await nodeLines([], () => {});
    expect(rest).toEqual([]);
    expect(line!.bin).toBe(process.execPath);
    expect(line!.version).toBe(process.version);
    expect(line!.gated).toBe(line!.major >= 24);
  });

  it("uses this Node's binary for its own version instead of installing it", async () => {
    const log: string[] = [];
    const [line] = await nodeLines([process.version.slice(1)], (l) => log.push(l));
    expect(line!.bin).toBe(process.execPath);
    expect(log).toEqual([]);
  });
});
