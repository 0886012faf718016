import { RedisConnectionError } from "./errors.js";

/** What the watch needs of a BullMQ `Queue`, `QueueEvents` or `Worker`. */
interface Watched {
  on(event: "ioredis:close" | "error", listener: (...args: unknown[]) => void): unknown;
  getBackend(): unknown;
}

/** The raw client's events, for knowing when a lost connection is back. */
interface RawClient {
  on(event: "ready", listener: () => void): unknown;
}

/**
 * @internal Turns "Redis went away" into an error after `timeoutMs`, instead of the silent wait
 * ioredis gives (it queues commands and reconnects forever). Each BullMQ object reports its
 * connection's `close`; its raw client's `ready` clears it. When any stays down past the timeout,
 * `onLost` runs once for that outage and `lost` stays true until every connection is back.
 */
export class ConnectionWatch {
  /** Whether the connection is down past the timeout right now. */
  lost = false;
  private readonly down = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Some connection went down since every one was last up. */
  private outage = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly where: string,
    private readonly onLost: (error: RedisConnectionError) => void,
    /** Every connection is up again after an outage (short or long). */
    private readonly onBack: () => void = () => {},
  ) {}

  /** Follows one BullMQ object's connection under `label`. */
  watch(label: string, target: Watched): void {
    // Errors are what close already tells (and BullMQ prints those nobody listens to).
    target.on("error", () => {});
    target.on("ioredis:close", () => this.wentDown(label));
    const backend = target.getBackend() as { client?: Promise<RawClient> } | undefined;
    backend?.client?.then(
      (client) => client.on("ready", () => this.cameUp(label)),
      () => {},
    );
  }

  /** The error for a job that cannot be sent (or settled) now. */
  error(what: string): RedisConnectionError {
    return new RedisConnectionError(
      `${what}: the connection to Redis (${this.where}) was lost and has not come back within ${this.timeoutMs} ms. ` +
        "Is redis-server running and reachable? A job already sent may still run on a worker; its result is lost to this caller.",
    );
  }

  /** The error for a job in flight that the Redis the connection came back to does not have. */
  goneError(what: string, jobId: string): RedisConnectionError {
    return new RedisConnectionError(
      `${what} (job ${jobId}) was lost: the connection to Redis (${this.where}) came back to a restarted or different server, which does not have the job. ` +
        "A job already sent may still run on a worker; its result is lost to this caller.",
    );
  }

  private wentDown(label: string): void {
    this.down.add(label);
    this.outage = true;
    if (this.timer !== null || this.lost) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.down.size === 0) return;
      this.lost = true;
      this.onLost(this.error("The job did not finish"));
    }, this.timeoutMs);
    // Watching must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  private cameUp(label: string): void {
    this.down.delete(label);
    if (this.down.size > 0) return;
    this.lost = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.outage) return;
    this.outage = false;
    this.onBack();
  }

  /** Stops the timer (the executor is closing). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
