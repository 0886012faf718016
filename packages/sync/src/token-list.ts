/** @internal A node of a `TokenList`: the list's links live on the token itself. */
export interface ListedToken {
  _prev: ListedToken | null;
  _next: ListedToken | null;
  _listed: boolean;
}

/**
 * @internal The tokens a limiter has out, oldest first, linked through the tokens themselves: adding
 * and removing one allocates nothing and hashes nothing (every `run()` does both), where a `Set`
 * would do both on every call.
 */
export class TokenList<T extends ListedToken> {
  /** @internal */ _head: T | null = null;
  /** @internal */ _tail: T | null = null;
  /** @internal */ _size = 0;

  /** How many tokens are listed. */
  get size(): number {
    return this._size;
  }

  /** Appends `token` (not listed yet). */
  add(token: T): void {
    token._listed = true;
    const tail = this._tail;
    if (tail === null) this._head = token;
    else {
      tail._next = token;
      token._prev = tail;
    }
    this._tail = token;
    this._size++;
  }

  /** Unlinks `token`; returns `false` when it was not listed. */
  delete(token: T): boolean {
    if (!token._listed) return false;
    const prev = token._prev as T | null;
    const next = token._next as T | null;
    if (prev === null) this._head = next;
    else prev._next = next;
    if (next === null) this._tail = prev;
    else next._prev = prev;
    token._prev = null;
    token._next = null;
    token._listed = false;
    this._size--;
    return true;
  }

  /** The oldest token, or `null` when none is listed. */
  first(): T | null {
    return this._head;
  }

  /** The tokens, oldest first (for statistics; not a hot path). */
  toArray(): T[] {
    const out: T[] = [];
    for (let t = this._head; t !== null; t = t._next as T | null) out.push(t);
    return out;
  }
}
