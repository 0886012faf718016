import type { EventLoop } from "@tsio/loop";

type ListenerFn = (this: unknown, event: Event) => unknown;
type AbortListener = ListenerFn | { handleEvent(event: Event): unknown };
type ListenerOptions = boolean | { capture?: boolean; once?: boolean; passive?: boolean; signal?: AbortSignal };
type Method = (this: AbortSignal, type: string, listener: unknown, options?: ListenerOptions) => void;

/**
 * Makes the listeners of a task's `signal` hand what they throw to the loop's exception handler.
 * Node runs an AbortSignal's listeners inside `abort()` and rethrows a listener's exception (or
 * rejection) as an uncaught exception on the next tick, which ends the process: a faulty listener
 * must not turn `task.cancel()` into a crash. Only this one signal instance is changed; foreign
 * APIs that add listeners through it (`fetch`, `fs/promises`, timers) get the same protection.
 */
export function guardSignalListeners(signal: AbortSignal, loop: EventLoop, describe: () => string): void {
  const add = signal.addEventListener as Method;
  const remove = signal.removeEventListener as Method;
  const handlerDescriptor = findAccessor(signal, "onabort");
  // One wrapper per (listener, type, capture), so adding twice and removing behave as unwrapped.
  const wrappers = new WeakMap<object, Map<string, ListenerFn>>();
  const report = (err: unknown): void => {
    loop.callExceptionHandler({ message: `An abort listener on the signal of ${describe()} threw`, exception: err });
  };
  const wrap = (listener: AbortListener): ListenerFn =>
    function guarded(this: unknown, event: Event): void {
      try {
        const result: unknown =
          typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event);
        if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
          (result as PromiseLike<unknown>).then(undefined, report);
        }
      } catch (err) {
        report(err);
      }
    };
  const wrapperFor = (type: string, listener: AbortListener, options: ListenerOptions | undefined, create: boolean) => {
    const key = `${type}|${typeof options === "boolean" ? options : options?.capture === true}`;
    let byKey = wrappers.get(listener);
    if (byKey === undefined) {
      if (!create) return undefined;
      byKey = new Map();
      wrappers.set(listener, byKey);
    }
    let wrapped = byKey.get(key);
    if (wrapped === undefined && create) {
      wrapped = wrap(listener);
      byKey.set(key, wrapped);
    }
    return wrapped;
  };
  Object.defineProperties(signal, {
    addEventListener: {
      configurable: true,
      writable: true,
      value(type: string, listener: AbortListener | null, options?: ListenerOptions): void {
        if (listener === null || (typeof listener !== "function" && typeof listener !== "object")) {
          add.call(signal, type, listener, options);
          return;
        }
        add.call(signal, type, wrapperFor(type, listener, options, true)!, options);
      },
    },
    removeEventListener: {
      configurable: true,
      writable: true,
      value(type: string, listener: AbortListener | null, options?: ListenerOptions): void {
        const wrapped =
          listener === null || (typeof listener !== "object" && typeof listener !== "function")
            ? undefined
            : wrapperFor(type, listener, options, false);
        remove.call(signal, type, wrapped ?? listener, options);
      },
    },
  });
  if (handlerDescriptor?.set !== undefined && handlerDescriptor.get !== undefined) {
    const { get, set } = handlerDescriptor;
    let handler: ListenerFn | null = null;
    Object.defineProperty(signal, "onabort", {
      configurable: true,
      get: () => (get.call(signal) === null ? null : handler),
      set(value: unknown) {
        handler = typeof value === "function" ? (value as ListenerFn) : null;
        set.call(signal, handler === null ? value : wrap(handler));
      },
    });
  }
}

function findAccessor(object: object, key: string): PropertyDescriptor | undefined {
  for (let proto: object | null = object; proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}
