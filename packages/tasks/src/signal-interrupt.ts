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
  /** Always `"SignalInterrupt"`. */
  override name = "SignalInterrupt";
  /** The signal that interrupted `run()`, e.g. `"SIGTERM"`. */
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals, message = `Interrupted by ${signal}; the main task was cancelled and cleaned up.`) {
    super(message);
    this.signal = signal;
  }
}
