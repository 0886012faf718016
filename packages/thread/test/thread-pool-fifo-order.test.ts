import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

function blockThenEcho(i: number, ms: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return i;
}

describe("ThreadPool ordering", () => {
  it("starts queued jobs first in first out (piscina alone reorders abortable jobs)", async () => {
    const order = await run(async () => {
      await toThread({ executor: pool }, () => 0); // the thread is up
      const finished: number[] = [];
      const jobs = [0, 1, 2, 3, 4, 5].map((i) =>
        Promise.resolve(toThread({ executor: pool }, blockThenEcho, i, 3)).then((v) => {
          finished.push(v);
        }),
      );
      await Promise.all(jobs);
      return finished;
    });
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
