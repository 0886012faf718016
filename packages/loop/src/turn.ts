/**
 * A turn is one run of JavaScript from the host (a macrotask, or one loop iteration) and the
 * microtasks it causes. `@tsio/tasks` tells a task's own flow from callbacks that merely inherited
 * its context by the turn each runs in. The kernel owns the count because a loop iteration already
 * ends exactly where a turn does (its tick runs once the iteration's microtasks have drained):
 * inside an iteration nothing more is queued to end the turn, where a turn end of its own would
 * cost a microtask and a `process.nextTick` (with its async_hooks bookkeeping) per iteration.
 * Module state, not shared between installed copies: a copy whose loop is not the one iterating
 * only ever queues its own turn ends, which is correct, just not as cheap.
 */
let turn = 0;
let endQueued = false;
let iterating = false;
/** A reaction on a settled promise: the cheapest microtask (no AsyncResource, unlike `queueMicrotask`). */
const SETTLED = Promise.resolve();

/**
 * @internal The number of the current turn; it changes once the current turn is over and a turn
 * end was asked for (`endTurnSoon`) or a loop iteration ended.
 *
 * @example
 * ```ts
 * task._waiterTurn = currentTurn();
 * ```
 */
export function currentTurn(): number {
  return turn;
}

/**
 * @internal Makes sure the current turn ends (`currentTurn()` changes) once its microtasks have
 * drained. `fromMicrotask` says where the caller runs: a tick queued from a microtask runs after
 * the others, while one queued by a synchronous host callback would run before the microtasks it
 * caused, so that end is queued through one microtask first.
 *
 * @example
 * ```ts
 * task._waiterTurn = currentTurn();
 * endTurnSoon(true);
 * ```
 */
export function endTurnSoon(fromMicrotask: boolean): void {
  if (endQueued) return;
  endQueued = true;
  // The iteration's own end (`iterationEnded`) comes after every microtask the iteration caused.
  if (iterating) return;
  if (fromMicrotask) process.nextTick(endTurn);
  else void SETTLED.then(queueEndTurn);
}

function queueEndTurn(): void {
  process.nextTick(endTurn);
}

function endTurn(): void {
  turn++;
  endQueued = false;
}

/** @internal The loop starts running an iteration's callbacks; `iterationEnded()` follows, always. */
export function iterationStarted(): void {
  iterating = true;
}

/** @internal The loop's iteration and every microtask it caused are over: so is the turn. */
export function iterationEnded(): void {
  iterating = false;
  turn++;
  endQueued = false;
}
