import type { Terminal } from "./example.js";

const WIDTH = 24;

/**
 * A done/total progress display. On a terminal it redraws one line in place with `\r`; elsewhere
 * (a pipe, a log file, CI) it prints a plain line at each quarter, so logs stay readable.
 */
export class ProgressLine {
  private readonly terminal: Terminal;
  private readonly print: (line: string) => void;
  private readonly total: number;
  private readonly label: string;
  private nextQuarter = 1;

  constructor(terminal: Terminal, print: (line: string) => void, total: number, label: string) {
    this.terminal = terminal;
    this.print = print;
    this.total = total;
    this.label = label;
  }

  /** Shows that `done` of the total are finished, at `elapsedMs`. */
  update(done: number, elapsedMs: number): void {
    const text = `${this.label} ${String(done).padStart(String(this.total).length)}/${this.total}`;
    if (this.terminal.isTTY) {
      const filled = Math.round((done / this.total) * WIDTH);
      const bar = `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}]`;
      this.terminal.write(`\r${bar} ${text} ${String(Math.round((done / this.total) * 100)).padStart(3)}%`);
      return;
    }
    while (this.nextQuarter <= 4 && done >= (this.total * this.nextQuarter) / 4) {
      this.print(`${text} (${this.nextQuarter * 25}%) at ${Math.round(elapsedMs)} ms`);
      this.nextQuarter++;
    }
  }

  /** Ends the live line, so what is printed next starts on a line of its own. */
  finish(): void {
    if (this.terminal.isTTY) this.terminal.write("\n");
  }
}
