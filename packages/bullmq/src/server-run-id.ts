/** What this needs of a BullMQ `Queue`: its backend's raw Redis client. */
interface HasBackend {
  getBackend(): unknown;
}

interface RawCommands {
  runCommand(name: string, args: unknown[]): Promise<unknown>;
}

/**
 * @internal The Redis server's `run_id` (`INFO server`): a new one after every restart, and another
 * on any other server. A connection that comes back to a different `run_id` may have come back to
 * a Redis without the jobs in flight (in memory only, or another server on the same address).
 */
export async function serverRunId(target: HasBackend): Promise<string | null> {
  const client = await (target.getBackend() as { client: Promise<RawCommands> }).client;
  const info = String(await client.runCommand("info", ["server"]));
  return /^run_id:(\w+)/m.exec(info)?.[1] ?? null;
}
