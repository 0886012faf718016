import type { AwaitHook, CancellationProbe } from "./await-hook.js";
import type { OwnerProbe } from "./current-owner.js";
import type { EventLoop } from "./event-loop.js";
import { shareAcrossCopies } from "./shared-state.js";

/**
 * Numbers the layout of `LoopState` and the internal calls one copy's futures, handles and tasks
 * make on another copy's loop. Bump it when a release changes either; copies of different numbers
 * then keep apart and say why instead of corrupting each other's state.
 */
const LOOP_PROTOCOL = 1;

/** @internal What every copy of @tsio/loop of this protocol shares. */
export interface LoopState {
  /** The loop whose `run*()` is in progress on this thread. */
  running: EventLoop | null;
  awaitHook: AwaitHook | null;
  cancellationProbe: CancellationProbe | null;
  /**
   * Added without a protocol bump: optional, so state created by an older copy (which lacks it)
   * still reads as "no probe".
   */
  ownerProbe?: OwnerProbe | null;
}

/**
 * @internal Which loop runs, seen by copies of every protocol, so that one copy can tell "no loop"
 * from "a loop I cannot use". Its layout is frozen: no protocol number covers it.
 */
export interface ActiveLoop {
  loop: object | null;
  protocol: number;
  /** The `import.meta.url` of the copy that started it. */
  copy: string;
}

/** @internal */
export const loopProtocol = LOOP_PROTOCOL;

/** @internal Resolved once, at module load: the hot paths read its fields directly. */
export const loopState: LoopState = shareAcrossCopies("@tsio/loop", LOOP_PROTOCOL, import.meta.url, () => ({
  running: null,
  awaitHook: null,
  cancellationProbe: null,
  ownerProbe: null,
}));

/** @internal */
export const activeLoop: ActiveLoop = shareAcrossCopies("@tsio/loop:active", 0, import.meta.url, () => ({
  loop: null,
  protocol: 0,
  copy: "",
}));
