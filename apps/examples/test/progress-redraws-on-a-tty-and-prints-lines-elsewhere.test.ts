import { describe, expect, it } from "vitest";
import { example as progress } from "../src/examples/progress.js";
import { capture, expectLines } from "./helpers/capture.js";

describe("progress: a done/total display for a 40-child gather", () => {
  it("prints a plain line at each quarter when the output is not a terminal", async () => {
    const { lines, writes } = await capture(progress, { virtual: true, tty: false });
    expect(writes).toEqual([]);
    expectLines(lines, [
      "downloaded 10/40 (25%) at 382 ms",
      "downloaded 20/40 (50%) at 748 ms",
      "downloaded 30/40 (75%) at 1114 ms",
      "downloaded 40/40 (100%) at 1467 ms",
      "40 files, 68860 bytes, in 1467 ms: as long as the slowest one (1467 ms)",
    ]);
  });

  it("redraws one line in place with \\r on a terminal, once per finished download", async () => {
    const { lines, writes } = await capture(progress, { virtual: true, tty: true });
    expect(writes).toHaveLength(42); // the empty bar, 40 updates, the closing newline
    expect(writes.slice(0, -1).every((w) => w.startsWith("\r") && !w.includes("\n"))).toBe(true);
    expect(writes[0]).toBe("\r[........................] downloaded  0/40   0%");
    expect(writes[20]).toBe("\r[############............] downloaded 20/40  50%");
    expect(writes[40]).toBe("\r[########################] downloaded 40/40 100%");
    expect(writes[41]).toBe("\n");
    expectLines(lines, ["40 files, 68860 bytes, in 1467 ms: as long as the slowest one (1467 ms)"]);
  });
});
