import { describeValue } from "@tsio/loop";
import { ChannelState } from "./channel-state.js";
import { ReceiveChannel } from "./receive-channel.js";
import { SendChannel } from "./send-channel.js";

/**
 * Opens a memory channel (Trio's `open_memory_channel`, AnyIO's memory object streams) and returns
 * its two halves, `[send, receive]`. Items arrive in the order they were sent, each at exactly one
 * receiver. `bufferSize` (default 0) is how many items may wait in the channel: at 0 every
 * `send()` is a rendezvous that waits for a receiver; `Infinity` never makes a sender wait.
 *
 * Unlike a `Queue`, a channel knows its producers and consumers: it ends (`EndOfChannel`, and
 * `for await` loops stop) when every send half is closed, and sending fails
 * (`BrokenResourceError`) when every receive half is closed. `clone()` a half per producer or
 * consumer and let each close its own.
 *
 * Throws `TypeError` (not an integer) or `RangeError` (negative) for a bad `bufferSize`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const [send, receive] = openChannel<number>(1);
 *   createTask(async () => {
 *     using out = send;
 *     for (let i = 1; i <= 3; i++) await out.send(i);
 *   });
 *   for await (const n of receive) console.log(n); // 1, 2, 3
 * });
 * ```
 */
export function openChannel<T>(bufferSize = 0): [send: SendChannel<T>, receive: ReceiveChannel<T>] {
  if (typeof bufferSize !== "number" || !(Number.isInteger(bufferSize) || bufferSize === Number.POSITIVE_INFINITY)) {
    throw new TypeError(`openChannel(bufferSize): bufferSize must be an integer or Infinity, got ${describeValue(bufferSize)}.`);
  }
  if (bufferSize < 0) throw new RangeError(`openChannel(bufferSize): bufferSize must be at least 0, got ${bufferSize}.`);
  const state = new ChannelState<T>(bufferSize);
  return [new SendChannel(state), new ReceiveChannel(state)];
}
