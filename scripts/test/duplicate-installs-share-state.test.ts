import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDuplicateInstalls } from "../lib/duplicate-installs.mjs";
import { packRepo } from "./packed-repo.js";

// Issue 16, problem 5: with two copies of @tsio/loop in one npm tree (a framework pinning its own
// version beside the app's), the framework's getRunningLoop() inside the app's run() threw "no
// running event loop" and `instanceof CancelledError` was false across the copies.
describe("two installed copies of @tsio/loop, @tsio/tasks, @tsio/sync and @tsio/thread", () => {
  let work: string | undefined;
  let result: { ok: boolean; detail: string };

  beforeAll(async () => {
    const repo = await packRepo(["@tsio/loop", "@tsio/tasks", "@tsio/sync", "@tsio/thread"]);
    work = repo.work;
    result = await checkDuplicateInstalls(repo.packed, repo.work);
  });

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("pass every cross-copy check from a real node process", () => {
    expect(result.detail).not.toMatch(/^FAIL /m);
    expect(result.detail).toMatch(/^duplicates ok$/m);
    expect(result.ok, result.detail).toBe(true);
  });

  it("share the running loop and the error classes' identity", () => {
    expect(result.detail).toMatch(/^ok {3}inside the app's run\(\), the framework's getRunningLoop\(\) returns the app's loop$/m);
    expect(result.detail).toMatch(/^ok {3}instanceof works across copies, both ways, for every error class$/m);
  });

  it("share cancel scopes (level-triggered, shielded), TaskGroup#start and TaskGroup#cancel across the copies", () => {
    expect(result.detail).toMatch(/^ok {3}the framework's CancelScope cancels every await of the app's task and absorbs its own cancellation$/m);
    expect(result.detail).toMatch(/^ok {3}the app's shielded CancelScope holds the framework's timeout until it exits$/m);
    expect(result.detail).toMatch(/^ok {3}the framework's TaskGroup#start and cancel\(\) work in the app's moveOnAfter$/m);
  });

  it("name both versions when a copy's protocol differs", () => {
    expect(result.detail).toMatch(/EventLoopError: A loop of @tsio\/loop 0\.\d+\.\d+ \(protocol 1\) is running, but this code uses @tsio\/loop 99\.0\.0-incompatible/);
  });
});
