import { run } from "@tsio/tasks";
import { describe, expect, it } from "vitest";
import { type Executor, type ThreadJob, threadModule } from "../src/index.js";

describe("threadModule with an executor that runs named modules (namedModules: true)", () => {
  it("passes the registered name through as the job's moduleUrl instead of resolving a file URL", async () => {
    const jobs: ThreadJob[] = [];
    const named: Executor = {
      namedModules: true,
      run(job) {
        jobs.push(job);
        return Promise.resolve("done");
      },
    };
    const images = threadModule<{ resize(path: string, width: number): string }>("images", { executor: named });
    expect(await run(() => images.resize("a.png", 100))).toBe("done");
    expect(jobs).toEqual([{ moduleUrl: "images", exportName: "resize", args: ["a.png", 100] }]);
  });

  it("still refuses a relative name for an executor that resolves URLs, and an empty name for a named one", () => {
    expect(() => threadModule("images")).toThrow(/"images" is relative/);
    expect(() => threadModule("", { executor: { namedModules: true, run: () => Promise.resolve() } })).toThrow(
      /this executor runs modules its workers registered by name, so pass that name \(e\.g\. "images"\), got the string ""/,
    );
  });
});
