/**
 * @internal The Redis pub/sub channel on which a `BullExecutor` asks for an active job to be
 * cancelled (the message is the job id); every `serveJobs` worker of the queue subscribes, and the
 * one running the job aborts it with BullMQ's `worker.cancelJob`. Pub/sub rather than the queue's
 * event stream: a worker then reads only cancellations, not every event of every job. A worker that
 * is disconnected misses nothing it could act on: it loses the job's lock, and the job is recovered.
 */
export function cancelChannel(prefix: string | undefined, queueName: string): string {
  return `${prefix ?? "bull"}:${queueName}:tsio:cancel`;
}

/** @internal What the channel needs of a raw (ioredis) client. */
export interface PubSubClient {
  runCommand(name: string, args: unknown[]): Promise<unknown>;
  duplicate(): SubscriberClient;
}

/** @internal A duplicated ioredis client in subscriber mode. */
export interface SubscriberClient {
  subscribe(channel: string): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** @internal The raw client behind a BullMQ `Queue` or `Worker` (Redis backends only). */
export function rawClient(target: { getBackend(): unknown }): Promise<PubSubClient> {
  return (target.getBackend() as { client: Promise<PubSubClient> }).client;
}
