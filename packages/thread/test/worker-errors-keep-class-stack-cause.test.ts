import { run } from "@tsio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool, threadModule, toThread } from "../src/index.js";

const pool = new ThreadPool({ minThreads: 1, maxThreads: 1 });
afterAll(() => pool.close());

const work = threadModule<typeof import("./fixtures/work.js")>(new URL("./fixtures/work.js", import.meta.url), {
  executor: pool,
});

function failure(job: () => PromiseLike<unknown>): Promise<unknown> {
  return run(() => Promise.resolve(job()).then(
    () => {
      throw new Error("expected the job to fail");
    },
    (err: unknown) => err,
  ));
}

describe("errors thrown in a worker", () => {
  it("come back as the same built-in class with message, stack and cause", async () => {
    const err = await failure(() =>
      toThread({ executor: pool }, function parseAge(text: string) {
        const n = Number(text);
        if (Number.isNaN(n)) throw new TypeError(`not a number: ${text}`, { cause: new RangeError("age out of range") });
        return n;
      }, "abc"),
    );
    expect(err).toBeInstanceOf(TypeError);
    const typed = err as TypeError;
    expect(typed.name).toBe("TypeError");
    expect(typed.message).toBe("not a number: abc");
    expect(typed.stack).toMatch(/^TypeError: not a number: abc\n\s+at parseAge/);
    expect(typed.cause).toBeInstanceOf(RangeError);
    expect((typed.cause as Error).message).toBe("age out of range");
  });

  it("keep a custom class's name and its own properties", async () => {
    const err = await failure(() => work.validate("email"));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("ValidationError");
    expect((err as Error).message).toBe("email is required");
    expect((err as { field?: string }).field).toBe("email");
    expect((err as Error).stack).toMatch(/at validate \(.*fixtures\/work\.js/);
  });

  it("keep a name set by the class, a code, and the errors of an AggregateError", async () => {
    const err = await failure(() =>
      toThread({ executor: pool }, () => {
        class DbError extends Error {
          override name = "DbError";
          code = "ECONNREFUSED";
        }
        throw new AggregateError([new DbError("primary down"), new Error("replica down")], "all databases failed");
      }),
    );
    expect(err).toBeInstanceOf(AggregateError);
    const agg = err as AggregateError;
    expect(agg.message).toBe("all databases failed");
    expect(agg.errors).toHaveLength(2);
    expect(agg.errors[0].name).toBe("DbError");
    expect(agg.errors[0].code).toBe("ECONNREFUSED");
    expect(agg.errors[1].message).toBe("replica down");
  });

  it("pass a thrown non-error value through as it is", async () => {
    expect(await failure(() => toThread({ executor: pool }, () => Promise.reject({ status: 503 })))).toEqual({ status: 503 });
    expect(await failure(() => toThread({ executor: pool }, () => {
      throw "plain string";
    }))).toBe("plain string");
  });

  it("reject from an async function too, and the worker stays usable", async () => {
    const err = await failure(() =>
      toThread({ executor: pool }, async (ms: number) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        throw new RangeError("late failure");
      }, 1),
    );
    expect(err).toBeInstanceOf(RangeError);
    expect(await run(async () => toThread({ executor: pool }, () => "still fine"))).toBe("still fine");
  });
});
