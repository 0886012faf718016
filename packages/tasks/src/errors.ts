import { brandClass } from "@tsio/loop";

/**
 * What `run()` rejects with when Ctrl-C (SIGINT) interrupted it: the main task was cancelled, its
 * `finally` blocks ran, and the program should now exit (conventionally with code 130).
 *
 * @example
 * ```ts
 * try {
 *   await run(main);
 * } catch (err) {
 *   if (err instanceof KeyboardInterrupt) process.exitCode = 130;
 *   else throw err;
 * }
 * ```
 */
export class KeyboardInterrupt extends Error {
  static {
    brandClass(KeyboardInterrupt, "KeyboardInterrupt");
  }
  /** Always `"KeyboardInterrupt"`, so logs and `err.name` checks tell the errors apart. */
  override name = "KeyboardInterrupt";
  constructor(message = "Interrupted by SIGINT (Ctrl-C); the main task was cancelled and cleaned up.") {
    super(message);
  }
}
