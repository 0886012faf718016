import type { ChannelState } from "./channel-state.js";

/**
 * What `statistics()` on either half of a channel returns: a snapshot of the channel they share.
 *
 * @example
 * ```ts
 * const [send, receive] = openChannel<number>(4);
 * await send.send(1);
 * const stats = receive.statistics();
 * console.log(stats.currentBufferUsed, stats.maxBufferSize); // 1 4
 * ```
 */
export interface ChannelStatistics {
  /** Items sent and not yet received. */
  readonly currentBufferUsed: number;
  /** The `bufferSize` given to `openChannel()` (`Infinity` for an unbounded channel). */
  readonly maxBufferSize: number;
  /** Send halves (the original and its clones) not yet closed. */
  readonly openSendChannels: number;
  /** Receive halves not yet closed. */
  readonly openReceiveChannels: number;
  /** Tasks waiting in `send()`. */
  readonly tasksWaitingSend: number;
  /** Tasks waiting in `receive()`. */
  readonly tasksWaitingReceive: number;
}

/** @internal */
export function statisticsOf(state: ChannelState<unknown>): ChannelStatistics {
  return {
    currentBufferUsed: state.items.size,
    maxBufferSize: state.bufferSize,
    openSendChannels: state.openSenders,
    openReceiveChannels: state.openReceivers,
    tasksWaitingSend: state.sendersWaiting(),
    tasksWaitingReceive: state.receiversWaiting(),
  };
}
