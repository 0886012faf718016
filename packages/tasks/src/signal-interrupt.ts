import { brandClass, describeValue } from "@tsio/loop";

/**
 * What `run()` rejects with when a signal it handles other than SIGINT (SIGTERM, say) interrupted
 * it: the main task was cancelled and its `finally` blocks ran. `signal` names the signal; Ctrl-C
 * (SIGINT) gives `KeyboardInterrupt` instead, as in Python. Left uncaught, it ends the process with
 * one line on stderr and the status a shell reports for that signal (`128 + its number`: 143 for
 * SIGTERM).
 *
 * @example
 * ```ts
 * try {
 *   await run(main, { signals: ["SIGINT", "SIGTERM"] });
 * } catch (err) {
 *   if (err instanceof SignalInterrupt) console.log(`stopped by ${err.signal}`);
 *   else throw err;
 * }
 * ```
 */
export class SignalInterrupt extends Error {
  static {
    brandClass(SignalInterrupt, "SignalInterrupt");
  }
  /** Always `"SignalInterrupt"`. */
  override name = "SignalInterrupt";
  /** The signal that interrupted `run()`, e.g. `"SIGTERM"`. */
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals, message = `Interrupted by ${signal}; the main task was cancelled and cleaned up.`) {
    if (typeof signal !== "string" || !/^SIG[A-Z0-9]+$/.test(signal)) {
      throw new TypeError(`new SignalInterrupt(signal): signal must be a signal name like "SIGTERM", got ${describeValue(signal)}.`);
    }
    super(message);
    this.signal = signal;
  }
}
