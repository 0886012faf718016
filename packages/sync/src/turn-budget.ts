/**
 * How long one turn (a run of JavaScript from the host and the microtasks it causes) may go on
 * meeting partners in place: a channel's sender and receiver that find each other within a
 * microtask, or a waiter woken in place for an exchange already made. Two tasks trading items
 * back to back would otherwise run in microtasks for as long as they trade, starving the loop's
 * other callbacks, timers and I/O. Past the budget, the loop's own batch budget, they meet
 * through the loop once and the turn ends, so the pair holds the loop no longer than a batch of
 * iterations would. (A budget counted in meetings instead, small enough to matter, cost the pair
 * a trip through Node's event loop every few dozen items.)
 */
const TURN_BUDGET_MS = 4;
/** The clock is read once per this many meetings (a power of two): reading it costs more than meeting. */
const CHECK_EVERY = 256;

let meetings = 0;
let turnStart = 0;
let spent = false;
let endQueued = false;
const SETTLED = Promise.resolve();

function endTurn(): void {
  meetings = 0;
  spent = false;
  endQueued = false;
}

/** A tick queued from a microtask runs once every microtask has drained: at the turn's end. */
function queueEndTurn(): void {
  process.nextTick(endTurn);
}

/** @internal Counts one meeting in place if this turn's budget allows it; `false` once it is spent. */
export function meetInTurn(): boolean {
  if (spent) return false;
  if (!endQueued) {
    endQueued = true;
    turnStart = performance.now();
    void SETTLED.then(queueEndTurn);
  } else if ((++meetings & (CHECK_EVERY - 1)) === 0 && performance.now() - turnStart >= TURN_BUDGET_MS) {
    spent = true;
    return false;
  }
  return true;
}
