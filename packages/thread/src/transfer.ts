import { describeValue } from "@tsio/loop";
import { TRANSFER_BRAND } from "./protocol.js";

/**
 * What `transfer()` can move: an `ArrayBuffer` or a typed array / `DataView` over one.
 *
 * @example
 * ```ts
 * const moved: TransferableBuffer[] = [new ArrayBuffer(8), new Uint8Array(4), new DataView(new ArrayBuffer(2))];
 * ```
 */
export type TransferableBuffer = ArrayBuffer | ArrayBufferView;

/**
 * A value marked by `transfer()`: its memory moves to the other thread instead of being copied.
 *
 * @example
 * ```ts
 * const marked: Transfer<Float64Array> = transfer(new Float64Array(1024));
 * ```
 */
export interface Transfer<T extends TransferableBuffer = TransferableBuffer> {
  /** @internal Tells a marked value from a plain object with a `value` field. */
  readonly [TRANSFER_BRAND]: true;
  /** The value the function receives. */
  readonly value: T;
}

/**
 * Marks an argument (or, from inside a worker, a result) to be moved rather than copied. The
 * memory changes hands without a copy, and the buffer on the sending side is detached (its
 * `byteLength` becomes 0) once the job is handed to a worker. For a typed array or `DataView` the
 * whole underlying `ArrayBuffer` moves. Only top-level arguments are looked at; for buffers nested
 * in objects pass `{ transfer: [buffer] }` in the call options.
 *
 * @example
 * ```ts
 * const samples = new Float64Array(1_000_000);
 * const total = await toThread((xs: Float64Array) => xs.reduce((a, b) => a + b, 0), transfer(samples));
 * console.log(samples.byteLength); // 0: the memory now belongs to the worker
 * ```
 */
export function transfer<T extends TransferableBuffer>(value: T): Transfer<T> {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  if (!(buffer instanceof ArrayBuffer)) {
    throw new TypeError(
      `transfer(value): value must be an ArrayBuffer or a typed array over one, got ${describeValue(value)}` +
        (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer
          ? " (a SharedArrayBuffer is already shared between threads: pass it as it is)."
          : "."),
    );
  }
  return { [TRANSFER_BRAND]: true, value };
}

/** @internal Whether `value` came from `transfer()`. */
export function isTransfer(value: unknown): value is Transfer {
  return typeof value === "object" && value !== null && (value as Partial<Transfer>)[TRANSFER_BRAND] === true;
}

/** @internal The buffer a marked value moves. */
export function bufferOf(value: TransferableBuffer): ArrayBuffer {
  return (ArrayBuffer.isView(value) ? value.buffer : value) as ArrayBuffer;
}

/**
 * The arguments a function accepts when sent to a thread: each may be wrapped in `transfer()`
 * where it is a buffer.
 *
 * @example
 * ```ts
 * const args: ThreadArgs<[Uint8Array, number]> = [transfer(new Uint8Array(8)), 2];
 * ```
 */
export type ThreadArgs<A extends readonly unknown[]> = {
  [K in keyof A]: A[K] | (A[K] extends TransferableBuffer ? Transfer<A[K]> : never);
};

/**
 * What awaiting a thread call gives: the function's result, awaited, with a `transfer()` wrapper
 * taken off.
 *
 * @example
 * ```ts
 * type R = ThreadResult<Promise<Transfer<Uint8Array>>>; // Uint8Array
 * ```
 */
export type ThreadResult<R> = Awaited<R> extends Transfer<infer U> ? U : Awaited<R>;
