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
  /** Whether the job was asked to stop. */
  readonly aborted: boolean;
  /** Why it was asked to stop (what `abort(reason)` was given), once `aborted`. */
  readonly reason: unknown;
  /** Calls `listener` when the job is asked to stop (never, if it already was). */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Forgets a listener added with `addEventListener`. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * @internal One job's abort switch. Not an `AbortController`: creating one of those and adding a
 * listener costs a few microseconds, which every call would pay although few are ever cancelled.
 * Nearly always one listener at a time is registered (piscina's, or the pool queue's), so the
 * first sits in a field and only more than one allocates an array.
 */
export class JobAbort implements JobSignal {
  aborted = false;
  reason: unknown = undefined;
  private first: (() => void) | null = null;
  private more: (() => void)[] | null = null;

  addEventListener(type: "abort", listener: () => void): void {
    if (type !== "abort" || this.aborted) return;
    if (this.first === null) this.first = listener;
    else if (this.more === null) this.more = [listener];
    else this.more.push(listener);
  }

  removeEventListener(type: "abort", listener: () => void): void {
    if (type !== "abort") return;
    if (this.first === listener) {
      this.first = this.more === null ? null : (this.more.shift() ?? null);
      return;
    }
    if (this.more === null) return;
    const i = this.more.indexOf(listener);
    if (i >= 0) this.more.splice(i, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const first = this.first;
    const more = this.more;
    this.first = null;
    this.more = null;
    first?.();
    if (more !== null) for (const listener of more) listener();
  }
}
