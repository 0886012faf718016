import { describe, expect, it } from "vitest";
import { run, sleep } from "../src/index.js";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

/** A child script: `body` is main's code; the child prints "settled" once run() has returned. */
function script(body: string): string {
  return `
    ${importTasks("run, sleep, createTask")}
    import { getRunningLoop } from "@tsio/loop";
    const result = await run(async () => {
      ${body}
    });
    console.log("result " + result);
    console.log("settled");
    // Nothing else here: the process must now exit by itself.
  `;
}

async function expectPromptExit(body: string, result: string): Promise<void> {
  const child = await runNodeScript(script(body), { markLine: "settled" });
  expect(child.stderr).toBe("");
  expect(child.stdout).toBe(`result ${result}\nsettled\n`);
  expect(child.code).toBe(0);
  // If a host timer, handle or listener were left, the child would live ~60 s (or until killed).
  expect(child.msAfterMark).toBeLessThan(2000);
  expect(child.ms).toBeLessThan(4000);
}

describe("after run() settles nothing keeps the process alive", () => {
  it("a script whose main returns exits at once", async () => {
    await expectPromptExit(`await sleep(5); return "ok";`, "ok");
  });

  it("a script whose main cancelled a long sleep exits at once", async () => {
    await expectPromptExit(
      `
      const sleeper = createTask(() => sleep(60_000));
      await sleep(1);
      sleeper.cancel();
      try { await sleeper; } catch (err) { return err.name; }
      return "not cancelled";
      `,
      "CancelledError",
    );
  });

  it("a script that created a 60 s timer and cancelled it exits at once", async () => {
    await expectPromptExit(
      `
      const timer = getRunningLoop().callLater(60_000, () => console.log("timer fired"));
      await sleep(1);
      timer.cancel();
      return "cancelled timer";
      `,
      "cancelled timer",
    );
  });

  it("a script that left a task sleeping 60 s exits at once (run cancelled it)", async () => {
    await expectPromptExit(
      `
      createTask(() => sleep(60_000));
      await sleep(1);
      return "left one behind";
      `,
      "left one behind",
    );
  });

  it("run() removes its SIGINT listener when it settles, after success and after failure", async () => {
    const before = process.listenerCount("SIGINT");
    let during = -1;
    await run(async () => {
      during = process.listenerCount("SIGINT");
      await sleep(1);
    });
    expect(during).toBe(before + 1);
    expect(process.listenerCount("SIGINT")).toBe(before);
    await expect(
      run(async () => {
        throw new Error("fail");
      }),
    ).rejects.toThrow("fail");
    expect(process.listenerCount("SIGINT")).toBe(before);
    expect(before).toBe(0);
  });
});
