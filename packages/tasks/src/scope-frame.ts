/**
 * @internal What a task reads of a `CancelScope` on its scope stack. Structural on purpose: the
 * await hook of one installed copy of @tsio/tasks reads the scopes another copy pushed.
 */
export interface ScopeFrame {
  /** `cancel()` was called on the scope (or its deadline passed). */
  _cancelCalled: boolean;
  /** Cancellation from outside the scope waits until it exits. */
  _shield: boolean;
  /** The message its `CancelledError`s carry. */
  readonly _message: string;
}

/**
 * @internal How deep the innermost shielded scope sits (its index + 1), 0 without one. A
 * cancellation request made at a level below it (from outside that scope) is held until it exits.
 */
export function shieldLevel(frames: readonly ScopeFrame[]): number {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!._shield) return i + 1;
  return 0;
}

/**
 * @internal The scope whose cancellation applies at the top of the stack: the innermost cancelled
 * one, unless a shielded scope inside it stands between. A shielded scope's own cancellation applies.
 */
export function effectiveCancel(frames: readonly ScopeFrame[]): ScopeFrame | null {
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (frame._cancelCalled) return frame;
    if (frame._shield) return null;
  }
  return null;
}
