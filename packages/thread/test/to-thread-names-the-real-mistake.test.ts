import { EventLoop, EventLoopError } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { getDefaultExecutor, setDefaultExecutor, ThreadError, ThreadPool, toThread, WorkerCrashError } from "../src/index.js";

const work = async (): Promise<number> => 1;

describe("toThread names the real mistake", () => {
  it("toThread(work()) says a promise was passed where the function goes", async () => {
    await run(async () => {
      expect(() => toThread(work() as never)).toThrow(TypeError);
      expect(() => toThread(work() as never)).toThrow(/toThread\(fn\): got a promise.*toThread\(work\), not toThread\(work\(\)\)/);
    });
  });

  it("toThread([...]) says an array was passed where the function goes", async () => {
    await run(async () => {
      expect(() => toThread([() => 1] as never)).toThrow(/toThread\(fn\): got an array.*toThread\(fn, \.\.\.args\)/);
    });
  });

  it("unknown toThread options are rejected like everywhere else", async () => {
    await run(async () => {
      expect(() => toThread({ signl: AbortSignal.timeout(1) } as never, () => 1)).toThrow(/unknown option "signl"/);
    });
  });

  it("a bad transfer list is a TypeError at the call naming the item, not a WorkerCrashError", async () => {
    await run(async () => {
      const bad = () => toThread({ transfer: [5 as never] }, (x: number) => x, 1);
      expect(bad).toThrow(TypeError);
      expect(bad).toThrow(/options\.transfer\[0\] must be an ArrayBuffer or a typed array over one, got number 5/);
      const shared = () => toThread({ transfer: [new SharedArrayBuffer(8) as never] }, () => 1);
      expect(shared).toThrow(/options\.transfer\[0\]/);
    });
  });

  it("toThread(() => { throw undefined }) blames the function, not the executor", async () => {
    const err = await run(async () =>
      toThread(() => {
        throw undefined;
      }).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(err).toBeInstanceOf(ThreadError);
    expect(err).not.toBeInstanceOf(WorkerCrashError);
    expect((err as Error).message).toMatch(/threw undefined/);
    expect((err as Error).message).not.toMatch(/executor/);
  });

  it("getDefaultExecutor(closedLoop) throws every time and creates no pool", () => {
    const loop = new EventLoop();
    loop.close();
    expect(() => getDefaultExecutor(loop)).toThrow(EventLoopError);
    expect(() => getDefaultExecutor(loop)).toThrow(/closed/);
    const pool = new ThreadPool({ maxThreads: 1 });
    expect(() => setDefaultExecutor(pool, loop)).toThrow(EventLoopError);
    return pool.close();
  });
});
