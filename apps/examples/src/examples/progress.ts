import { gather, getRunningLoop, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";
import { ProgressLine } from "../progress-line.js";

export const example: Example = {
  name: "progress",
  title: "Progress of a long gather()",
  shows:
    "40 downloads gathered at once with a live done/total line that redraws in place on a terminal and prints plain lines when the output is not a TTY",
  kind: "program",
  main,
};

const FILES = 40;

/** How long download `index` takes: between 50 and 1500 ms, the same on every run. */
const durationOf = (index: number): number => 50 + ((index * 617) % 1451);

async function download(index: number): Promise<number> {
  await sleep(durationOf(index));
  return 1000 + index * 37;
}

async function main({ print, run, terminal }: ExampleContext): Promise<void> {
  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    const progress = new ProgressLine(terminal, print, FILES, "downloaded");
    let done = 0;
    progress.update(0, 0);
    // Each child reports when it finishes; gather still hands back the results in order.
    const sizes = await gather(
      Array.from({ length: FILES }, (_, i) => async () => {
        const size = await download(i);
        progress.update(++done, loop.time() - start);
        return size;
      }),
    );
    progress.finish();
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const slowest = Math.max(...sizes.map((_, i) => durationOf(i)));
    print(`${sizes.length} files, ${total} bytes, in ${Math.round(loop.time() - start)} ms: as long as the slowest one (${slowest} ms)`);
  });
}
