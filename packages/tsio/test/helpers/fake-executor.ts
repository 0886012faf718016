import type { Executor, ExecutorRunOptions, ThreadJob } from "@tsio/thread";

/**
 * An in-process stand-in for a thread pool: each job echoes its first argument one real macrotask
 * later. It lets a thousand random programs exercise `toThread`'s external-work bookkeeping (a
 * virtual clock must not jump while a job is out) without paying for real worker threads, and it
 * counts what a real pool would leak: jobs still in flight, and whether `run()` closed it.
 */
export class FakeExecutor implements Executor {
  inFlight = 0;
  submitted = 0;
  closed = false;
  /** Jobs submitted after close(): a real pool would refuse them or leak a thread. */
  afterClose = 0;

  run(job: ThreadJob, { signal }: ExecutorRunOptions): Promise<unknown> {
    this.submitted++;
    if (this.closed) this.afterClose++;
    this.inFlight++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        this.inFlight--;
        signal.removeEventListener("abort", onAbort);
        return true;
      };
      const onAbort = (): void => {
        clearImmediate(timer);
        if (finish()) reject(signal.reason);
      };
      const timer = setImmediate(() => {
        if (finish()) resolve(job.args[0]);
      });
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
