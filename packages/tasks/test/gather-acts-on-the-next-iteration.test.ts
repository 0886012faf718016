import { type ExceptionContext, Future, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { gather, run } from "../src/index.js";

/** Counts loop iterations by re-scheduling itself with callSoon until stopped. */
function iterationCounter(): { now: () => number; stop: () => void } {
  const loop = getRunningLoop();
  let count = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    count++;
    loop.callSoon(tick);
  };
  loop.callSoon(tick);
  return { now: () => count, stop: () => (running = false) };
}

describe("gather watches its children without a handle each, and acts on the iteration after", () => {
  it("settles one iteration after its last child, as per-child callbacks through the loop would", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const children = Array.from({ length: 1000 }, () => loop.createFuture<number>());
      const seen: string[] = [];
      const g = gather(children);
      g.addDoneCallback(() => seen.push("gather's own callback"));
      loop.callSoon(() => {
        for (const [i, child] of children.entries()) child.setResult(i);
        seen.push("children done");
        // The ready queue holds one item for gather, not a thousand handles.
        expect(loop.pendingWork().ready).toBe(1);
        loop.callSoon(() => seen.push(`next iteration: gather done=${g.done()}`));
      });
      const results = await g;
      expect(results).toHaveLength(1000);
      expect(results[999]).toBe(999);
      expect(seen).toEqual(["children done", "next iteration: gather done=true", "gather's own callback"]);
    });
  });

  it("fails on the iteration after the first failure, with that error, whatever fails later in the same iteration", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const counter = iterationCounter();
      const a = loop.createFuture<number>();
      const b = loop.createFuture<number>();
      const c = loop.createFuture<number>();
      const g = gather([a, b, c]);
      const first = new Error("first");
      const second = new Error("second");
      let failedAt = -1;
      loop.callSoon(() => {
        b.setException(first);
        c.setException(second);
        failedAt = counter.now();
      });
      const error = await g.then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBe(first);
      // Settled on the next iteration; the awaiting task resumed one later.
      expect(counter.now() - failedAt).toBe(2);
      expect(a.done()).toBe(false);
      counter.stop();
      a.cancel();
    });
  });

  it("a failure gather has not acted on yet still decides a later cancel, and nothing is reported as never retrieved", async () => {
    const reports: ExceptionContext[] = [];
    await run(async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
      const other = new Future<number>(loop);
      const g = gather([
        () => {
          throw new Error("moot");
        },
        other,
      ]);
      // Queued after the child's start: runs in the same iteration, after it failed, before gather acts.
      loop.callSoon(() => g.cancel("gave up"));
      // As in asyncio: the failure is already on its way to gather, the cancel reaches the rest.
      await expect(g).rejects.toThrow("moot");
      expect(other.cancelled()).toBe(true);
    });
    expect(reports.map((r) => r.message)).toEqual([]);
  });
});
