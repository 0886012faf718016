/**
 * How many partners one turn (a run of JavaScript from the host and the microtasks it causes) may
 * meet in place: a channel's sender and receiver that find each other within a microtask, or a
 * waiter woken in place for an exchange already made. Two tasks trading items back to back would
 * otherwise run in microtasks for as long as they trade, starving the loop's other callbacks,
 * timers and I/O; past the budget they meet through the loop once, and the turn ends. A meeting
 * costs a few hundred nanoseconds, so a turn holds the loop well under its batch budget (4 ms);
 * a smaller budget would cost the pair a loop iteration (and the steps to fall back in step)
 * every few dozen items.
 */
const MEETINGS_PER_TURN = 1024;

let meetings = 0;
let endQueued = false;
const SETTLED = Promise.resolve();

function endTurn(): void {
  meetings = 0;
  endQueued = false;
}

/** A tick queued from a microtask runs once every microtask has drained: at the turn's end. */
function queueEndTurn(): void {
  process.nextTick(endTurn);
}

/** @internal Counts one meeting in place if this turn's budget allows it; `false` once it is spent. */
export function meetInTurn(): boolean {
  if (meetings >= MEETINGS_PER_TURN) return false;
  meetings++;
  if (!endQueued) {
    endQueued = true;
    void SETTLED.then(queueEndTurn);
  }
  return true;
}
