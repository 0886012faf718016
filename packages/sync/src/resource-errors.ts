import { brandClass } from "@tsio/loop";

/**
 * Thrown by the `...Nowait` methods of channels and `CapacityLimiter` when the call would have to
 * wait: no room to send, nothing to receive, no token free. Use the waiting form (`send`,
 * `receive`, `acquire`) instead, or try again later.
 *
 * @example
 * ```ts
 * const [send] = openChannel<number>(0); // no receiver is waiting
 * try {
 *   send.sendNowait(1);
 * } catch (err) {
 *   console.log(err instanceof WouldBlock); // true
 * }
 * ```
 */
export class WouldBlock extends Error {
  static {
    brandClass(WouldBlock, "WouldBlock");
  }
  /** Always `"WouldBlock"`, so logs and `err.name` checks tell the errors apart. */
  override name = "WouldBlock";
  constructor(message = "The operation would have to wait: use its waiting form (send, receive, acquire) instead.", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Thrown by `receive()` (and `receiveNowait()`) once every send half of the channel is closed and
 * the buffer is drained: nothing more will ever arrive. `for await (const item of receive)` ends
 * cleanly at that point instead of throwing it.
 *
 * @example
 * ```ts
 * const [send, receive] = openChannel<string>(1);
 * await send.send("last");
 * send.close();
 * await receive.receive(); // "last"
 * await receive.receive(); // throws EndOfChannel
 * ```
 */
export class EndOfChannel extends Error {
  static {
    brandClass(EndOfChannel, "EndOfChannel");
  }
  /** Always `"EndOfChannel"`, so logs and `err.name` checks tell the errors apart. */
  override name = "EndOfChannel";
  constructor(message = "The channel ended: every send half is closed and the buffer is drained.", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Thrown by `send()` when nobody can receive any more: every receive half of the channel is closed
 * (also to a sender that was waiting when the last one closed). Stop producing when you see it.
 *
 * @example
 * ```ts
 * const [send, receive] = openChannel<number>(1);
 * receive.close();
 * try {
 *   await send.send(1);
 * } catch (err) {
 *   console.log(err instanceof BrokenResourceError); // true
 * }
 * ```
 */
export class BrokenResourceError extends Error {
  static {
    brandClass(BrokenResourceError, "BrokenResourceError");
  }
  /** Always `"BrokenResourceError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "BrokenResourceError";
  constructor(message = "Nobody can receive: every receive half of the channel is closed.", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Thrown when a channel half is used after it was itself closed (also to a task that was waiting
 * on it when another task closed it). Clone a half before closing it if others still need it.
 *
 * @example
 * ```ts
 * const [send] = openChannel<number>();
 * send.close();
 * try {
 *   send.sendNowait(1);
 * } catch (err) {
 *   console.log(err instanceof ClosedResourceError); // true
 * }
 * ```
 */
export class ClosedResourceError extends Error {
  static {
    brandClass(ClosedResourceError, "ClosedResourceError");
  }
  /** Always `"ClosedResourceError"`, so logs and `err.name` checks tell the errors apart. */
  override name = "ClosedResourceError";
  constructor(message = "This channel half was closed: it can no longer be used (clone() a half you want to keep).", options?: ErrorOptions) {
    super(message, options);
  }
}
