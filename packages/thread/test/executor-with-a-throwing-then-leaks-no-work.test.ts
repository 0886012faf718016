import { getRunningLoop } from "@tsio/loop";
import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { type Executor, runInExecutor } from "../src/index.js";

describe("an executor whose run() returns a thenable with a throwing then", () => {
  it("fails the job with that error and ends its external work", async () => {
    const boom = new Error("then exploded");
    const hostile: Executor = {
      run: () => ({
        // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of the test.
        then() {
          throw boom;
        },
      }),
    };
    const seen = await run(async () => {
      const fut = runInExecutor(hostile, () => 1);
      const err = await fut.then(
        () => null,
        (e: unknown) => e,
      );
      return { err, inFlight: getRunningLoop().externalWorkInFlight() };
    });
    expect(seen.err).toBe(boom);
    expect(seen.inFlight).toBe(0);
  });
});
