import { createContext } from "./context.js";
import type { Example } from "./example.js";

/** How the tour went: each example's real elapsed time and whether it failed. */
export interface TourResult {
  readonly name: string;
  readonly ms: number;
  readonly error?: unknown;
}

export interface TourOptions {
  /** Run on virtual time where the example allows it. */
  readonly virtual?: boolean;
  /** Where the tour's lines go (default `console.log`). */
  readonly print?: (line: string) => void;
}

/**
 * Runs `examples` one after the other, each under a heading and followed by its real elapsed time,
 * then prints a summary. Nothing is interactive: the service example presses Ctrl-C itself, and an
 * exit code an example asks for is reported instead of ending the tour.
 */
export async function runTour(examples: readonly Example[], options: TourOptions = {}): Promise<TourResult[]> {
  const out = options.print ?? ((line: string) => console.log(line));
  const results: TourResult[] = [];
  const tourStart = performance.now();
  for (const [index, example] of examples.entries()) {
    out("");
    out(`== ${index + 1}/${examples.length}  ${example.name}: ${example.title}`);
    out(`   ${example.shows}`);
    const virtual = options.virtual === true && example.realTimeOnly === undefined;
    if (options.virtual === true && !virtual) out(`   (real time: ${example.realTimeOnly})`);
    const ctx = createContext({
      virtual,
      interactive: false,
      print: (line) => out(`   | ${line}`),
      terminal: {
        isTTY: process.stdout.isTTY === true,
        write: (text) => void process.stdout.write(text.replaceAll("\r", "\r   | ")),
      },
      setExitCode: (code) => out(`   (the program asks to exit with code ${code}; the tour carries on)`),
    });
    const start = performance.now();
    try {
      await example.main(ctx);
      const ms = performance.now() - start;
      results.push({ name: example.name, ms });
      out(`   -- ${example.name} took ${Math.round(ms)} ms of real time${virtual ? " (virtual clock)" : ""}`);
    } catch (error) {
      const ms = performance.now() - start;
      results.push({ name: example.name, ms, error });
      out(`   !! ${example.name} FAILED after ${Math.round(ms)} ms: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const failed = results.filter((r) => r.error !== undefined);
  out("");
  out(
    `Tour finished: ${results.length - failed.length} of ${results.length} examples ran in ${((performance.now() - tourStart) / 1000).toFixed(1)} s of real time.`,
  );
  if (failed.length > 0) out(`Failed: ${failed.map((r) => r.name).join(", ")}`);
  return results;
}
