import type { EventLoop } from "@tsio/loop";

type ListenerFn = (this: unknown, event: Event) => unknown;
type AbortListener = ListenerFn | { handleEvent(event: Event): unknown };
type ListenerOptions = boolean | { capture?: boolean; once?: boolean; passive?: boolean; signal?: AbortSignal };
type Method = (this: AbortSignal, type: string, listener: unknown, options?: ListenerOptions) => void;

/** What one guarded signal needs: where to report, and its wrappers, made on first use. */
class Guard {
  /** One wrapper per (listener, type, capture), so adding twice and removing behave as unwrapped. */
  wrappers: WeakMap<object, Map<string, ListenerFn>> | null = null;
  /** The function set through `onabort`, as the caller gave it. */
  handler: ListenerFn | null = null;
  constructor(
    readonly loop: EventLoop,
    readonly describe: () => string,
  ) {}

  report(err: unknown): void {
    this.loop.callExceptionHandler({ message: `An abort listener on the signal of ${this.describe()} threw`, exception: err });
  }

  wrap(listener: AbortListener): ListenerFn {
    const guard = this;
    return function guarded(this: unknown, event: Event): void {
      try {
        const result: unknown = typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event);
        if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
          (result as PromiseLike<unknown>).then(undefined, (err: unknown) => guard.report(err));
        }
      } catch (err) {
        guard.report(err);
      }
    };
  }

  wrapperFor(type: string, listener: AbortListener, options: ListenerOptions | undefined, create: boolean): ListenerFn | undefined {
    const key = `${type}|${typeof options === "boolean" ? options : options?.capture === true}`;
    if (this.wrappers === null) {
      if (!create) return undefined;
      this.wrappers = new WeakMap();
    }
    let byKey = this.wrappers.get(listener);
    if (byKey === undefined) {
      if (!create) return undefined;
      byKey = new Map();
      this.wrappers.set(listener, byKey);
    }
    let wrapped = byKey.get(key);
    if (wrapped === undefined && create) {
      wrapped = this.wrap(listener);
      byKey.set(key, wrapped);
    }
    return wrapped;
  }
}

/** A base whose constructor returns the object it is given, so a subclass's field lands on it. */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is the point: it stamps a private field on `target`.
    return target;
  }
}

/**
 * A signal's guard, in a private field stamped on the signal itself: invisible to everyone else
 * like a WeakMap entry, at a fraction of the cost (a WeakMap entry is an ephemeron, which costs
 * about a microsecond per task between the insertion and the garbage collector).
 */
class GuardSlot extends Stamp {
  readonly #guard: Guard;
  constructor(signal: AbortSignal, guard: Guard) {
    super(signal);
    this.#guard = guard;
  }

  static of(signal: object): Guard | undefined {
    return #guard in signal ? signal.#guard : undefined;
  }
}

function isListener(listener: unknown): listener is AbortListener {
  return listener !== null && (typeof listener === "function" || typeof listener === "object");
}

/**
 * The prototype a guarded signal gets, made once from the first signal's own: its
 * `addEventListener`, `removeEventListener` and `onabort` wrap listeners, and everything else is
 * the signal's (brand checks use internal slots, which a prototype does not change).
 */
let guardedPrototype: object | null = null;

function makeGuardedPrototype(base: object): object {
  const add = findAccessor(base, "addEventListener")?.value as Method;
  const remove = findAccessor(base, "removeEventListener")?.value as Method;
  const handlerDescriptor = findAccessor(base, "onabort");
  const proto = Object.create(base) as object;
  Object.defineProperties(proto, {
    addEventListener: {
      configurable: true,
      writable: true,
      value(this: AbortSignal, type: string, listener: AbortListener | null, options?: ListenerOptions): void {
        const guard = GuardSlot.of(this);
        if (guard === undefined || !isListener(listener)) {
          add.call(this, type, listener, options);
          return;
        }
        add.call(this, type, guard.wrapperFor(type, listener, options, true)!, options);
      },
    },
    removeEventListener: {
      configurable: true,
      writable: true,
      value(this: AbortSignal, type: string, listener: AbortListener | null, options?: ListenerOptions): void {
        const guard = GuardSlot.of(this);
        const wrapped = guard === undefined || !isListener(listener) ? undefined : guard.wrapperFor(type, listener, options, false);
        remove.call(this, type, wrapped ?? listener, options);
      },
    },
  });
  if (handlerDescriptor?.set !== undefined && handlerDescriptor.get !== undefined) {
    const { get, set } = handlerDescriptor;
    Object.defineProperty(proto, "onabort", {
      configurable: true,
      get(this: AbortSignal) {
        const guard = GuardSlot.of(this);
        const current: unknown = get.call(this);
        return guard === undefined || current === null ? current : guard.handler;
      },
      set(this: AbortSignal, value: unknown) {
        const guard = GuardSlot.of(this);
        if (guard === undefined) {
          set.call(this, value);
          return;
        }
        guard.handler = typeof value === "function" ? (value as ListenerFn) : null;
        set.call(this, guard.handler === null ? value : guard.wrap(guard.handler));
      },
    });
  }
  return proto;
}

/**
 * Makes the listeners of a task's `signal` hand what they throw to the loop's exception handler.
 * Node runs an AbortSignal's listeners inside `abort()` and rethrows a listener's exception (or
 * rejection) as an uncaught exception on the next tick, which ends the process: a faulty listener
 * must not turn `task.cancel()` into a crash. Only this one signal instance is changed (it gets a
 * prototype shared by every guarded signal, so guarding one costs a prototype switch, not a set of
 * closures and own properties, and the guard sits in a private field); foreign APIs that add listeners through it (`fetch`,
 * `fs/promises`, timers) get the same protection.
 */
export function guardSignalListeners(signal: AbortSignal, loop: EventLoop, describe: () => string): void {
  const base = Object.getPrototypeOf(signal) as object;
  if (guardedPrototype === null) guardedPrototype = makeGuardedPrototype(base);
  new GuardSlot(signal, new Guard(loop, describe));
  if (Object.getPrototypeOf(guardedPrototype) === base) Object.setPrototypeOf(signal, guardedPrototype);
  else Object.setPrototypeOf(signal, makeGuardedPrototype(base));
}

function findAccessor(object: object, key: string): PropertyDescriptor | undefined {
  for (let proto: object | null = object; proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}
