/**
 * A failure the `tsio` bin reports as one line on stderr (`tsio: <message>`) and exits with
 * `exitCode`: 1 when the target cannot be inspected, 2 for a usage mistake.
 *
 * @example
 * ```ts
 * throw new CliError(`no process with pid ${pid}`);
 * ```
 */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
