import { createContext } from "../../src/context.js";
import type { Example } from "../../src/example.js";

export interface Captured {
  /** Every line the example printed, in order. */
  lines: string[];
  /** What a live display wrote to the terminal. */
  writes: string[];
  /** The exit code the example asked for, if any. */
  exitCode: number | undefined;
}

/** Runs `example` non-interactively and collects what it printed. */
export async function capture(example: Example, options: { virtual: boolean; tty?: boolean }): Promise<Captured> {
  const captured: Captured = { lines: [], writes: [], exitCode: undefined };
  await example.main(
    createContext({
      virtual: options.virtual,
      interactive: false,
      print: (line) => captured.lines.push(line),
      terminal: { isTTY: options.tty === true, write: (text) => captured.writes.push(text) },
      setExitCode: (code) => {
        captured.exitCode = code;
      },
    }),
  );
  return captured;
}

/**
 * Checks `lines` one by one: a string must match exactly, a RegExp must match the whole line.
 * Reports the first difference with its line number.
 */
export function expectLines(lines: readonly string[], expected: readonly (string | RegExp)[]): void {
  const problems: string[] = [];
  const n = Math.max(lines.length, expected.length);
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    const want = expected[i];
    const ok =
      line !== undefined &&
      want !== undefined &&
      (typeof want === "string" ? line === want : new RegExp(`^(?:${want.source})$`, want.flags).test(line));
    if (!ok) problems.push(`line ${i + 1}: got ${JSON.stringify(line)}, want ${String(want === undefined ? "nothing" : typeof want === "string" ? JSON.stringify(want) : want)}`);
  }
  if (problems.length > 0) throw new Error(`output differs:\n${problems.join("\n")}\n--- full output:\n${lines.join("\n")}`);
}
