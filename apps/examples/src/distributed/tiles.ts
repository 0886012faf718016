// The job module the distributed example's workers serve as "tiles": ordinary tsio code. Each
// job runs as a task on the worker's loop, so a caller's cancellation arrives at its await.
import { CancelledError, sleep } from "tsio";

/** Renders one tile: about 120 ms of (simulated) work. Reports a cancellation from its finally. */
export async function render(tile: number): Promise<{ tile: number; pid: number }> {
  let cancelled = false;
  try {
    await sleep(100 + (tile % 5) * 10);
    return { tile, pid: process.pid };
  } catch (err) {
    cancelled = err instanceof CancelledError;
    throw err;
  } finally {
    if (cancelled) console.log(`worker ${process.pid}: tile ${tile} cancelled (its finally ran)`);
  }
}
