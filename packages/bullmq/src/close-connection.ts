/** What closing needs of a BullMQ `Queue` or `QueueEvents`. */
interface Closable {
  close(): Promise<void>;
  getBackend(): unknown;
}

/** What closing needs of the raw (ioredis) client behind it. */
interface DroppableClient {
  readonly status: string;
  disconnect(): void;
  on(event: "reconnecting", listener: () => void): unknown;
  off(event: "reconnecting", listener: () => void): unknown;
}

/**
 * @internal Closes a BullMQ `Queue` or `QueueEvents` and its connection without ever waiting on a
 * Redis that is gone. BullMQ's `close()` and `disconnect()` wait for ioredis's `end`, and a client
 * between two reconnection attempts never emits it (`disconnect()` clears the retry timer, and no
 * stream is left whose close would end the client), so they would hang forever; a `quit` queued
 * offline waits for a reconnection too. So the close is given up, and the client dropped, as soon
 * as the client is (or becomes) `reconnecting`, or after `boundMs` (a Redis that stopped
 * answering): `client.disconnect()` cancels the retry and leaves nothing on the event loop.
 */
export async function closeConnection(part: Closable, boundMs: number): Promise<void> {
  let client: DroppableClient;
  try {
    client = await (part.getBackend() as { client: Promise<DroppableClient> }).client;
  } catch {
    // It never connected: there is nothing to close.
    return;
  }
  let drop: () => void = () => {};
  const dropped = new Promise<"dropped">((resolve) => {
    drop = () => resolve("dropped");
  });
  client.on("reconnecting", drop);
  const timer = setTimeout(drop, boundMs);
  try {
    if (client.status === "reconnecting") drop();
    const closed = part.close().then(
      () => "closed" as const,
      () => "closed" as const,
    );
    if ((await Promise.race([closed, dropped])) === "dropped") client.disconnect();
  } finally {
    clearTimeout(timer);
    client.off("reconnecting", drop);
  }
}
