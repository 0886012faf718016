/**
 * The abort signal an `Executor` receives with each job: the subset of `AbortSignal` it needs, so
 * a real `AbortSignal` fits too. It fires when the awaiting task is cancelled, or when the call's
 * own `signal` aborts.
 *
 * @example
 * ```ts
 * const executor: Executor = {
 *   run(job, { signal }) {
 *     return new Promise((resolve, reject) => {
 *       signal.addEventListener("abort", () => reject(signal.reason), { once: true });
 *       resolve(inlineRun(job));
 *     });
 *   },
 * };
 * ```
 */
export interface JobSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * @internal One job's abort switch. Not an `AbortController`: creating one of those and adding a
 * listener costs a few microseconds, which every call would pay although few are ever cancelled.
 */
export class JobAbort implements JobSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | null = null;

  addEventListener(type: "abort", listener: () => void): void {
    if (type !== "abort") return;
    if (this.listeners === null) this.listeners = [listener];
    else this.listeners.push(listener);
  }

  removeEventListener(type: "abort", listener: () => void): void {
    if (type !== "abort" || this.listeners === null) return;
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners !== null) for (const listener of listeners) listener();
  }
}
