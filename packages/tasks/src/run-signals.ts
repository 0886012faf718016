import { constants } from "node:os";
import { describeValue } from "@tsio/loop";
import { KeyboardInterrupt } from "./errors.js";
import { SignalInterrupt } from "./signal-interrupt.js";

const SIGNAL_NUMBERS = constants.signals as Readonly<Record<string, number>>;

/** The status a shell reports for a process killed by `signal` (130 for SIGINT, 143 for SIGTERM). */
function exitStatusFor(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}

/**
 * The signals `run()` turns into cancelling main: `signals` if given, none for `handleSigint:
 * false`, else SIGINT. Throws a `TypeError` naming the option for anything else.
 */
export function signalsOption(signals: unknown, handleSigint: unknown): readonly NodeJS.Signals[] {
  if (handleSigint !== undefined && typeof handleSigint !== "boolean") {
    throw new TypeError(`run() option handleSigint must be a boolean, got ${describeValue(handleSigint)}; prefer signals: [] to handle none.`);
  }
  if (signals === undefined) return handleSigint === false ? [] : ["SIGINT"];
  if (handleSigint === false) {
    throw new TypeError("run() options handleSigint: false and signals contradict each other: pass signals: [] to handle none.");
  }
  if (!Array.isArray(signals)) {
    throw new TypeError(`run() option signals must be an array of signal names like ["SIGINT", "SIGTERM"], got ${describeValue(signals)}.`);
  }
  for (const signal of signals) {
    if (typeof signal !== "string" || !Object.hasOwn(SIGNAL_NUMBERS, signal) || signal === "SIGKILL" || signal === "SIGSTOP") {
      throw new TypeError(
        `run() option signals: ${describeValue(signal)} is not a signal a process can handle; use names like "SIGINT", "SIGTERM", "SIGHUP".`,
      );
    }
  }
  return [...new Set(signals as NodeJS.Signals[])];
}

/** What a signal that interrupted `run()` becomes: `KeyboardInterrupt` for Ctrl-C, else `SignalInterrupt`. */
export function interruptFor(signal: NodeJS.Signals): KeyboardInterrupt | SignalInterrupt {
  const err = signal === "SIGINT" ? new KeyboardInterrupt() : new SignalInterrupt(signal);
  exitQuietlyIfUncaught(err, signal);
  return err;
}

/**
 * Watches the process signals of one `run()`. tsio installs its listener for a signal only if no
 * other listener is there when `run()` starts (a program or framework that handles the signal
 * keeps it), and removes it when `run()` ends. The first signal calls `onFirst` (which cancels
 * main); a second one, or any during the final clean-up, stops waiting: the listeners are removed
 * and the signal is raised again, so it does what it would without tsio (end the process).
 */
export class SignalWatch {
  /** The first signal received, if any. */
  received: NodeJS.Signals | null = null;
  private shuttingDown = false;
  private readonly installed: NodeJS.Signals[] = [];

  constructor(
    private readonly signals: readonly NodeJS.Signals[],
    private readonly onFirst: (signal: NodeJS.Signals) => void,
  ) {}

  install(): void {
    for (const signal of this.signals) {
      if (process.listenerCount(signal) > 0) continue;
      process.on(signal, this.onSignal);
      this.installed.push(signal);
    }
  }

  /** From now on every signal cuts the clean-up short. */
  shutdown(): void {
    this.shuttingDown = true;
  }

  remove(): void {
    for (const signal of this.installed) process.removeListener(signal, this.onSignal);
    this.installed.length = 0;
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.received === null && !this.shuttingDown) {
      this.received = signal;
      this.onFirst(signal);
      return;
    }
    this.remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    else process.exit(exitStatusFor(signal));
  };
}

const interrupts = new WeakMap<object, NodeJS.Signals>();
let listening = false;

/**
 * Makes `err`, should nobody catch it, end the process the way the signal would have: one line on
 * stderr and the shell's status for that signal (130 for Ctrl-C), not Node's stack trace and 1.
 */
function exitQuietlyIfUncaught(err: Error, signal: NodeJS.Signals): void {
  interrupts.set(err, signal);
  if (listening) return;
  listening = true;
  process.on("uncaughtException", onUncaught);
}

function onUncaught(err: unknown): void {
  const signal = typeof err === "object" && err !== null ? interrupts.get(err) : undefined;
  if (signal !== undefined) {
    process.stderr.write(`${(err as Error).name}: ${(err as Error).message}\n`);
    process.exit(exitStatusFor(signal));
  }
  if (process.listenerCount("uncaughtException") > 1) return; // the program handles its errors
  // Anything else is none of tsio's business: step aside and let Node report it as usual.
  process.removeListener("uncaughtException", onUncaught);
  listening = false;
  process.nextTick(() => {
    throw err;
  });
}
