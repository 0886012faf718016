/** What this needs of a BullMQ `Queue` or `Worker`: its backend's raw Redis client. */
interface HasBackend {
  getBackend(): unknown;
}

interface RawCommands {
  runCommand(name: string, args: unknown[]): Promise<unknown>;
}

/**
 * @internal A `lastEventId` for a new `QueueEvents` that reads every event added from now on,
 * from Redis's own clock a millisecond back (stream ids come from that clock). The default `$`
 * would miss events added between connecting and its first read, such as a job's own `completed`.
 */
export async function eventsFromNow(target: HasBackend): Promise<string> {
  const client = await (target.getBackend() as { client: Promise<RawCommands> }).client;
  const [seconds, micros] = (await client.runCommand("time", [])) as [string, string];
  return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`;
}
