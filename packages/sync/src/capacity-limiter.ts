import { type AwaitDescription, assertFunction, cancellationPoint, describeAwait, describeValue, InvalidStateError } from "@tsio/loop";
import { Acquisition, type Releasable } from "./acquisition.js";
import { WouldBlock } from "./resource-errors.js";
import { type ListedToken, TokenList } from "./token-list.js";
import { abandon, WaiterList } from "./waiter-list.js";

/**
 * What `limiter.statistics()` returns: a snapshot of the limiter's state.
 *
 * @example
 * ```ts
 * const { borrowedTokens, totalTokens, tasksWaiting } = limiter.statistics();
 * console.log(`${borrowedTokens}/${totalTokens} in use, ${tasksWaiting} waiting`);
 * ```
 */
export interface CapacityLimiterStatistics {
  /** Tokens held, including ones handed to a waiter that has not resumed yet. */
  readonly borrowedTokens: number;
  /** The limiter's `totalTokens` now. */
  readonly totalTokens: number;
  /**
   * Who holds a token: the borrowers given to `acquireOnBehalfOf()`, then one `LimiterToken` per
   * `acquire()` / `run()` still out. A token handed to a waiter shows up once the waiter resumes.
   */
  readonly borrowers: readonly unknown[];
  /** Callers waiting in line for a token. */
  readonly tasksWaiting: number;
}

let tokenCount = 0;

/**
 * The anonymous borrower behind one `acquire()` or `run()` call: each call borrows for itself, so
 * a task may hold several (see `CapacityLimiter` for why the borrower is not the current task).
 * It shows up in `statistics().borrowers`.
 *
 * @example
 * ```ts
 * await limiter.acquire();
 * console.log(String(limiter.statistics().borrowers[0])); // "<LimiterToken 1>"
 * ```
 */
export class LimiterToken implements ListedToken {
  /** @internal */ readonly _limiter: CapacityLimiter;
  /** @internal */ readonly _id = ++tokenCount;
  /** @internal Links in the limiter's list of tokens out. */
  _prev: LimiterToken | null = null;
  /** @internal */ _next: LimiterToken | null = null;
  /** @internal Whether the token is out (in that list). */
  _listed = false;

  /** @internal Made by `acquire()` and `run()`. */
  constructor(limiter: CapacityLimiter) {
    this._limiter = limiter;
  }

  /**
   * Gives this call's token back. Tokens taken with `acquire()` are interchangeable, as a
   * semaphore's permits are: if `limiter.release()` already gave this one back, another one still
   * out is given back instead. Throws `InvalidStateError` if none is out.
   */
  release(): void {
    const limiter = this._limiter;
    if (!limiter._anonymous.delete(this)) limiter._releaseOldest("LimiterToken.release()");
    else limiter._wakeWaiters();
  }

  /** `<LimiterToken n>`, for logs and statistics. */
  toString(): string {
    return `<LimiterToken ${this._id}>`;
  }
}

function assertTotal(value: unknown, what: string): asserts value is number {
  if (typeof value !== "number" || !(Number.isInteger(value) || value === Number.POSITIVE_INFINITY)) {
    throw new TypeError(`${what} must be an integer or Infinity, got ${describeValue(value)}.`);
  }
  if (value < 1) throw new RangeError(`${what} must be at least 1, got ${value}.`);
}

function assertBorrower(borrower: unknown, what: string): void {
  if (borrower === undefined || borrower === null) {
    throw new TypeError(`${what} must identify who borrows (a task, an object, a string), got ${describeValue(borrower)}.`);
  }
}

/**
 * Limits how many borrowers use something at once (Trio's and AnyIO's `CapacityLimiter`): a
 * semaphore whose permits are tokens held by a borrower, at most one per borrower, with a total that
 * can change while tokens are out. Waiters are served first come, first served; a freed token goes
 * straight to the first waiter, so nobody can overtake it.
 *
 * Trio's default borrower is the current task. `@tsio/sync` sits below `@tsio/tasks` and the kernel
 * offers no way to name the running task, so here `acquire()` and `run()` borrow for the call
 * itself (a fresh `LimiterToken` each time) and `acquireOnBehalfOf(borrower)` takes an explicit
 * borrower: pass `currentTask()` for Trio's one-token-per-task rule.
 *
 * Cancellation loses nothing: a caller cancelled while waiting takes no token, and one cancelled
 * just as a token was handed to it passes the token to the next waiter.
 *
 * @example
 * ```ts
 * const limiter = new CapacityLimiter(4); // at most 4 downloads at once
 * await gather(urls.map((url) => () => limiter.run(() => download(url))));
 * limiter.totalTokens = 8; // more capacity: waiters start at once
 * ```
 */
export class CapacityLimiter {
  /** @internal */ _total: number;
  /** @internal Borrowers given to `acquireOnBehalfOf()` that hold a token. */
  readonly _borrowers = new Set<unknown>();
  /** @internal Tokens out through `acquire()`/`run()`, oldest first. */
  readonly _anonymous = new TokenList<LimiterToken>();
  /** @internal Explicit borrowers waiting in line, so none can wait twice. */
  readonly _waitingBorrowers = new Set<unknown>();
  /** @internal Tokens handed to woken waiters that have not resumed yet. */
  _reserved = 0;
  /** @internal */ readonly _waiters = new WaiterList(this);

  /** `totalTokens`: an integer of at least 1, or `Infinity`; else `TypeError`/`RangeError`. */
  constructor(totalTokens: number) {
    assertTotal(totalTokens, "new CapacityLimiter(totalTokens): totalTokens");
    this._total = totalTokens;
  }

  /**
   * How many tokens there are. Setting it takes effect at once: raising it hands the new tokens to
   * waiters; lowering it takes no token back, but no one new gets one until enough were released.
   */
  get totalTokens(): number {
    return this._total;
  }

  /** Changes the total: an integer of at least 1, or `Infinity` (else `TypeError`/`RangeError`). */
  set totalTokens(value: number) {
    assertTotal(value, "CapacityLimiter.totalTokens");
    this._total = value;
    this._wakeWaiters();
  }

  /** Tokens held now (including ones handed to a waiter that is about to resume). */
  get borrowedTokens(): number {
    return this._borrowers.size + this._anonymous.size + this._reserved;
  }

  /** Tokens free now: `totalTokens - borrowedTokens`, or 0 after the total was lowered below it. */
  get availableTokens(): number {
    return Math.max(0, this._total - this.borrowedTokens);
  }

  /**
   * Waits for a token and takes it for this call. Resolves to an `Acquisition` that gives it back
   * (`await using _ = await limiter.acquire()`); `limiter.release()` works too.
   */
  async acquire(): Promise<Acquisition> {
    const token = new LimiterToken(this);
    if (this._canTakeNow()) {
      this._anonymous.add(token);
      return new Acquisition(token);
    }
    // Written out here and in run() rather than shared: a helper async function would add a
    // promise and a microtask hop to every contended acquire.
    const waiter = this._waiters.push();
    try {
      await waiter;
      // A cancel() that arrived after the hand-off is raised here, before the token is taken:
      // taken, it would be lost with the result of a task that ends cancelled.
      cancellationPoint();
    } catch (err) {
      if (abandon(waiter, this._waiters)) this._passOn();
      throw err;
    }
    this._reserved--;
    this._anonymous.add(token);
    return new Acquisition(token);
  }

  /** Takes a token for this call without waiting, or throws `WouldBlock` if none is free. */
  acquireNowait(): Acquisition {
    if (!this._canTakeNow()) throw new WouldBlock(`CapacityLimiter.acquireNowait(): no token is free (${this}).`);
    const token = new LimiterToken(this);
    this._anonymous.add(token);
    return new Acquisition(token);
  }

  /**
   * Waits for a token and takes it for `borrower` (any value but `null`/`undefined`: a task, a
   * connection, a job id; else `TypeError`). A borrower holds at most one token: asking again
   * while it holds or waits for one throws `InvalidStateError` at the call. Resolves to an
   * `Acquisition` that gives it back; `releaseOnBehalfOf(borrower)` does the same.
   */
  acquireOnBehalfOf(borrower: unknown): Promise<Acquisition> {
    // Checked here, not in the async part, so misuse throws at the call.
    this._checkNewBorrower(borrower, "acquireOnBehalfOf");
    if (this._canTakeNow()) {
      this._borrowers.add(borrower);
      return Promise.resolve(new Acquisition(this._releaserFor(borrower)));
    }
    return this._waitOnBehalfOf(borrower);
  }

  /** @internal */
  async _waitOnBehalfOf(borrower: unknown): Promise<Acquisition> {
    const waiter = this._waiters.push();
    this._waitingBorrowers.add(borrower);
    try {
      await waiter;
      cancellationPoint();
    } catch (err) {
      this._waitingBorrowers.delete(borrower);
      if (abandon(waiter, this._waiters)) this._passOn();
      throw err;
    }
    this._waitingBorrowers.delete(borrower);
    this._reserved--;
    this._borrowers.add(borrower);
    return new Acquisition(this._releaserFor(borrower));
  }

  /** `acquireOnBehalfOf(borrower)` without waiting: throws `WouldBlock` if no token is free. */
  acquireOnBehalfOfNowait(borrower: unknown): Acquisition {
    this._checkNewBorrower(borrower, "acquireOnBehalfOfNowait");
    if (!this._canTakeNow()) {
      throw new WouldBlock(`CapacityLimiter.acquireOnBehalfOfNowait(): no token is free (${this}).`);
    }
    this._borrowers.add(borrower);
    return new Acquisition(this._releaserFor(borrower));
  }

  /**
   * Gives back a token taken with `acquire()` (the oldest still out: such tokens are
   * interchangeable, so each `acquire()` needs exactly one release, by this or by its
   * `Acquisition`). Throws `InvalidStateError` if none is out; tokens taken for a borrower are
   * given back with `releaseOnBehalfOf(borrower)`.
   */
  release(): void {
    this._releaseOldest("CapacityLimiter.release()");
  }

  /** @internal */
  _releaseOldest(what: string): void {
    const oldest = this._anonymous.first();
    if (oldest === null) {
      throw new InvalidStateError(
        `${what}: no token taken with acquire() is out; use releaseOnBehalfOf(borrower) for acquireOnBehalfOf().`,
      );
    }
    this._anonymous.delete(oldest);
    this._wakeWaiters();
  }

  /** Gives back `borrower`'s token; throws `InvalidStateError` if it holds none. */
  releaseOnBehalfOf(borrower: unknown): void {
    if (!this._borrowers.delete(borrower)) {
      throw new InvalidStateError(
        `CapacityLimiter.releaseOnBehalfOf(borrower): ${describeValue(borrower)} holds no token of this limiter.`,
      );
    }
    this._wakeWaiters();
  }

  /**
   * Runs `fn` holding a token and always gives it back, whether `fn` returns, throws, or the task
   * is cancelled. Throws `TypeError` at the call if `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    assertFunction(fn, "CapacityLimiter.run(fn): fn");
    return this._run(fn);
  }

  /** @internal */
  async _run<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    const token = new LimiterToken(this);
    if (!this._canTakeNow()) {
      const waiter = this._waiters.push();
      try {
        await waiter;
        cancellationPoint();
      } catch (err) {
        if (abandon(waiter, this._waiters)) this._passOn();
        throw err;
      }
      this._reserved--;
    }
    this._anonymous.add(token);
    try {
      return await fn();
    } finally {
      token.release();
    }
  }

  /** A snapshot of who holds tokens and how many wait. */
  statistics(): CapacityLimiterStatistics {
    return {
      borrowedTokens: this.borrowedTokens,
      totalTokens: this._total,
      borrowers: [...this._borrowers, ...this._anonymous.toArray()],
      tasksWaiting: this._waiters.size,
    };
  }

  /** The call graph's view: the tasks waiting for a token. */
  [describeAwait](): AwaitDescription {
    return { kind: "limiter", label: this.toString(), waiters: this._waiters.toArray() };
  }

  /** Its state for logs and debugging, e.g. `<CapacityLimiter borrowed=2/2 waiting=3>`. */
  toString(): string {
    return `<CapacityLimiter borrowed=${this.borrowedTokens}/${this._total} waiting=${this._waiters.size}>`;
  }

  /** @internal Whether a newcomer may take a token now: one is free and nobody waits ahead of it. */
  _canTakeNow(): boolean {
    return this._waiters.isEmpty() && this.borrowedTokens < this._total;
  }

  /**
   * @internal Hands free tokens to waiters, oldest first. The token is counted as borrowed from
   * the moment of the hand-off (not when the waiter resumes), so a newcomer can never take it in
   * between, and raising the total hands out only what is really free.
   */
  _wakeWaiters(): void {
    while (this.borrowedTokens < this._total && this._waiters.wakeFirst()) this._reserved++;
  }

  /** @internal A woken waiter is leaving without its token: the token goes to the next in line. */
  _passOn(): void {
    this._reserved--;
    this._wakeWaiters();
  }

  /** @internal */
  _checkNewBorrower(borrower: unknown, method: string): void {
    assertBorrower(borrower, `CapacityLimiter.${method}(borrower): borrower`);
    if (this._borrowers.has(borrower) || this._waitingBorrowers.has(borrower)) {
      const state = this._borrowers.has(borrower) ? "already holds" : "is already waiting for";
      throw new InvalidStateError(
        `CapacityLimiter.${method}(borrower): ${describeValue(borrower)} ${state} a token; a borrower gets one token at a time.`,
      );
    }
  }

  /** @internal */
  _releaserFor(borrower: unknown): Releasable {
    return { release: () => this.releaseOnBehalfOf(borrower) };
  }
}
