export {
  type AwaitHook,
  type CancellationProbe,
  cancellationPoint,
  setAwaitHook,
  setCancellationProbe,
} from "./await-hook.js";
export { brandClass } from "./class-brand.js";
export { type Clock, type ClockHost, type ClockWait, MonotonicClock } from "./clock.js";
export { currentOwner, type OwnerProbe, setOwnerProbe } from "./current-owner.js";
export {
  type AwaitDescription,
  type AwaitKind,
  type DescribesAwait,
  describeAwait,
  describeAwaitable,
} from "./describe-await.js";
export { CancelledError, EventLoopError, InvalidStateError, TimeoutError } from "./errors.js";
export {
  type Callback,
  EventLoop,
  type EventLoopOptions,
  type ExceptionHandler,
  type ExternalWork,
  type ShutdownHook,
} from "./event-loop.js";
export { type ExceptionContext, formatExceptionContext } from "./exception-context.js";
export { type DoneCallback, Future, type FutureObserver, isFuture } from "./future.js";
export { Handle, type HandleOwner, type Runnable, type TimerEntry, TimerHandle } from "./handle.js";
export { getRunningLoop, tryGetRunningLoop } from "./running-loop.js";
export { shareAcrossCopies } from "./shared-state.js";
export { currentTurn, endTurnSoon } from "./turn.js";
export {
  assertBoolean,
  assertDelay,
  assertFunction,
  assertTime,
  checkOptions,
  describeValue,
  readDeadline,
  readTimeout,
} from "./validate.js";
