/**
 * Blocks the calling thread for `ms` real milliseconds, the way a synchronous sleep or a slow sync
 * call does. `Atomics.wait` on a value that never changes is a true block, not a busy loop.
 */
export function blockThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
