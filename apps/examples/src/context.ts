import { VirtualClock } from "@tsio/testing";
import { type RunOptions, run, type TaskFunction } from "tsio";
import type { ExampleContext, Terminal } from "./example.js";

/** How to build an `ExampleContext`; every field has a default suited to a plain console run. */
export interface ContextOptions {
  /** Run on a `VirtualClock` (default false). */
  virtual?: boolean;
  /** A person is at the keyboard (default: stdin is a TTY). */
  interactive?: boolean;
  /** Where lines go (default `console.log`). */
  print?: (line: string) => void;
  /** Where a live display draws (default stdout). */
  terminal?: Terminal;
  /** Where a requested exit code goes (default `process.exitCode`). */
  setExitCode?: (code: number) => void;
}

/**
 * Builds the context an example runs in. With `virtual`, each `run()` gets a fresh `VirtualClock`:
 * the loop jumps to the next deadline whenever every task waits, so a 2-second example takes a
 * millisecond or so and prints the same lines in the same order.
 */
export function createContext(options: ContextOptions = {}): ExampleContext {
  const virtual = options.virtual ?? false;
  const runOnClock = <T>(main: TaskFunction<T>, runOptions: RunOptions = {}): Promise<T> =>
    run(main, virtual ? { ...runOptions, clock: new VirtualClock() } : runOptions);
  return {
    print: options.print ?? ((line) => console.log(line)),
    run: runOnClock,
    virtual,
    interactive: options.interactive ?? process.stdin.isTTY === true,
    terminal: options.terminal ?? {
      isTTY: process.stdout.isTTY === true,
      write: (text) => void process.stdout.write(text),
    },
    setExitCode:
      options.setExitCode ??
      ((code) => {
        process.exitCode = code;
      }),
  };
}
