import { openChannel, Queue } from "@tsio/sync";
import { createTask, gather, run } from "@tsio/tasks";
import type { Impl, ImplTable } from "../impl.js";
import { Stopwatch } from "../stopwatch.js";

/**
 * A producer sends n items through a channel of `bufferSize` to a consumer, which takes them with
 * `receive()` in a counted loop (as queue-pingpong's consumer uses `get()`), or with `for await`.
 */
function channel(bufferSize: number, forAwait: boolean): Impl {
  return (n) =>
    run(async () => {
      const [send, receive] = openChannel<number>(bufferSize);
      const watch = Stopwatch.start();
      const producer = createTask(async () => {
        for (let i = 0; i < n; i++) await send.send(i);
        send.close();
      });
      const consumer = createTask(async () => {
        let sum = 0;
        if (forAwait) for await (const item of receive) sum += item;
        else for (let i = 0; i < n; i++) sum += await receive.receive();
        return sum;
      });
      await gather([producer, consumer]);
      return watch.stop(n);
    });
}

/** The same with `Queue({ maxsize: 1 })`: the baseline the channels are held to. */
function queue(forAwait: boolean): Impl {
  return (n) =>
    run(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      const watch = Stopwatch.start();
      const producer = createTask(async () => {
        for (let i = 0; i < n; i++) await q.put(i);
        q.shutdown();
      });
      const consumer = createTask(async () => {
        let sum = 0;
        if (forAwait) for await (const item of q) sum += item;
        else for (let i = 0; i < n; i++) sum += await q.get();
        return sum;
      });
      await gather([producer, consumer]);
      return watch.stop(n);
    });
}

export const impls: ImplTable = {
  "channel-1": channel(1, false),
  "channel-0": channel(0, false),
  queue: queue(false),
  "channel-1-for-await": channel(1, true),
  "queue-for-await": queue(true),
};
