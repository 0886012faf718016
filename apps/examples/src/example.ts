import type { RunOptions, TaskFunction } from "tsio";

/**
 * Where an example draws a live display. On a terminal it may rewrite its line with `\r`; when
 * output goes to a file or a pipe it must print plain lines instead.
 */
export interface Terminal {
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * What an example gets from whoever runs it (the CLI, the tour, a test), so one program can run on
 * real or virtual time and its output can be read back line by line.
 */
export interface ExampleContext {
  /** Prints one line of the example's output. */
  readonly print: (line: string) => void;
  /**
   * tsio's `run()`, on the clock chosen for this run: the real one, or a `VirtualClock` from
   * `@tsio/testing` (with `--virtual`), on which sleeps take no real time.
   */
  readonly run: <T>(main: TaskFunction<T>, options?: RunOptions) => Promise<T>;
  /** Whether `run` uses virtual time. */
  readonly virtual: boolean;
  /**
   * Whether a person is at the keyboard: the service example then waits for a real Ctrl-C; otherwise
   * (the tour, the tests) it sends itself the interrupt after a few rounds.
   */
  readonly interactive: boolean;
  /** Where a live display may draw. */
  readonly terminal: Terminal;
  /** Records the exit code the program asks for (a standalone run exits with it; the tour only reports it). */
  readonly setExitCode: (code: number) => void;
}

/** What the CLI, the tour and the README table know about an example. */
export interface ExampleMeta {
  /** The name `pnpm example <name>` takes. */
  readonly name: string;
  /** A short title, shown as the heading. */
  readonly title: string;
  /** What it demonstrates, in one sentence. */
  readonly shows: string;
  /** Where it comes from: a section of the asyncio basics guide, or a real program. */
  readonly kind: "seed" | "mistake" | "program";
  /**
   * Set when the example measures real work (threads, sockets) and must run on real time; `--virtual`
   * then says why and runs it on real time anyway.
   */
  readonly realTimeOnly?: string;
}

/** An example: its metadata and the program itself. */
export interface Example extends ExampleMeta {
  readonly main: (ctx: ExampleContext) => Promise<void>;
}
