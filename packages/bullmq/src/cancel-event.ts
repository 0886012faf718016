/**
 * @internal The custom event a `BullExecutor` publishes on its queue's event stream to cancel an
 * active job; every `serveJobs` worker of the queue listens, and the one running it aborts it
 * with BullMQ's `worker.cancelJob`. On the stream (not pub/sub), so a worker that was briefly
 * disconnected still reads it when it reconnects.
 */
export const CANCEL_EVENT = "tsio:cancel";

/** @internal How long the queue's event stream is kept (BullMQ's own default), for the cancel event's XADD. */
export const EVENTS_MAX_LEN = 10_000;
